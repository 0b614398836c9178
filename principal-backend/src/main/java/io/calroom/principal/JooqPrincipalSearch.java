package io.calroom.principal;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.List;

import static io.calroom.schema.jooq.Tables.PRINCIPALS;
import static io.calroom.schema.jooq.Tables.PRINCIPAL_ADDRESSES;

/** The PostgreSQL (jOOQ) implementation of {@link PrincipalSearch}. */
public final class JooqPrincipalSearch implements PrincipalSearch {
    private final DSLContext db;

    public JooqPrincipalSearch(DSLContext db) {
        this.db = db;
    }

    @Override
    public List<Principal> search(Query q) {
        List<Condition> conditions = new ArrayList<>();
        for (Term t : q.terms()) conditions.add(condition(t));
        Condition terms = conditions.isEmpty() ? DSL.trueCondition() : q.allOf() ? DSL.and(conditions) : DSL.or(conditions);
        Condition where = PRINCIPALS.ORG_ID.eq(q.orgId()).and(PRINCIPALS.ACTIVE.isTrue()).and(terms);
        if (!q.kinds().isEmpty()) where = where.and(PRINCIPALS.KIND.in(q.kinds().stream().map(PrincipalKind::dbValue).toList()));
        if (!q.calendarUserTypes().isEmpty()) where = where.and(PRINCIPALS.CALENDAR_USER_TYPE.in(q.calendarUserTypes()));
        return db.selectFrom(PRINCIPALS).where(where).orderBy(PRINCIPALS.DISPLAY_NAME, PRINCIPALS.NAME).limit(q.limit())
                .fetch(JooqPrincipalStore::toPrincipal);
    }

    private static Condition condition(Term t) {
        return switch (t.attribute()) {
            case DISPLAY_NAME -> match(PRINCIPALS.DISPLAY_NAME, t);
            case EMAIL -> match(PRINCIPALS.EMAIL, t);
            case FIRST_NAME -> match(PRINCIPALS.FIRST_NAME, t);
            case LAST_NAME -> match(PRINCIPALS.LAST_NAME, t);
            case NAME -> match(PRINCIPALS.NAME, t);
            case CALENDAR_USER_TYPE -> match(PRINCIPALS.CALENDAR_USER_TYPE, t);
            case ADDRESS -> DSL.exists(DSL.selectOne().from(PRINCIPAL_ADDRESSES)
                    .where(PRINCIPAL_ADDRESSES.PRINCIPAL_ID.eq(PRINCIPALS.ID), match(PRINCIPAL_ADDRESSES.ADDRESS, t)));
        };
    }

    private static Condition match(Field<String> field, Term t) {
        String v = escape(t.value().toLowerCase(java.util.Locale.ROOT));
        String pattern = switch (t.matchType()) {
            case CONTAINS -> "%" + v + "%";
            case STARTS_WITH -> v + "%";
            case ENDS_WITH -> "%" + v;
            case EQUALS -> v;
        };
        return DSL.lower(field).like(pattern, '\\');
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
