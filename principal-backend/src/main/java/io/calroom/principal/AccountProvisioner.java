package io.calroom.principal;

import io.calroom.schema.Database;
import io.calroom.schema.store.CalendarCollectionStore;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.NewCalendar;
import org.jooq.DSLContext;

import java.util.List;
import java.util.Optional;

/**
 * Creates principals together with their calendar home: the {@code default} calendar and the
 * scheduling inbox and outbox, in the caller's transaction.
 */
public final class AccountProvisioner {
    public static final String DEFAULT_CALENDAR = "default";
    public static final String INBOX = "inbox";
    public static final String OUTBOX = "outbox";

    private final PasswordHasher hasher;

    public AccountProvisioner(PasswordHasher hasher) {
        this.hasher = hasher;
    }

    /** Creates the principal and its home in {@code tx}. */
    public Principal create(DSLContext tx, NewPrincipal p) {
        String hash = p.password() == null ? null : hasher.hash(p.password());
        Principal principal = new PrincipalStore(tx).create(p, hash);
        CalendarCollectionStore calendars = new CalendarCollectionStore(tx);
        List<String> components = p.kind() == PrincipalKind.USER ? List.of("VEVENT", "VTODO") : List.of("VEVENT");
        String calendarName = p.kind() == PrincipalKind.USER ? "Calendar" : principal.displayNameOrName();
        calendars.createCalendar(principal.id(), NewCalendar.of(DEFAULT_CALENDAR, CollectionKind.CALENDAR, calendarName, components));
        calendars.createCalendar(principal.id(), NewCalendar.of(INBOX, CollectionKind.INBOX, "Inbox", List.of("VEVENT", "VTODO")));
        calendars.createCalendar(principal.id(), NewCalendar.of(OUTBOX, CollectionKind.OUTBOX, "Outbox", List.of("VEVENT", "VTODO")));
        return principal;
    }

    /**
     * Makes sure a user exists with this password and role (the bootstrap admin, the demo user):
     * created with its home if missing, else its password, role and active flag are updated.
     */
    public Principal ensureUser(Database db, String orgSlug, String orgName, NewPrincipal wanted) {
        return db.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            PrincipalStore store = new PrincipalStore(tx);
            Org org = store.ensureOrg(orgSlug, orgName);
            NewPrincipal inOrg = new NewPrincipal(org.id(), wanted.kind(), wanted.name(), wanted.calendarUserType(),
                    wanted.displayName(), wanted.email(), wanted.role(), wanted.password());
            Optional<Principal> existing = store.byName(wanted.kind(), wanted.name());
            if (existing.isEmpty()) return create(tx, inOrg);
            Principal p = existing.get();
            if (wanted.password() != null && !store.passwordHash(p.id()).map(h -> hasher.verify(wanted.password(), h)).orElse(false)) {
                store.setPasswordHash(p.id(), hasher.hash(wanted.password()));
            }
            return store.update(new Principal(p.id(), p.uuid(), p.orgId(), p.kind(), p.name(), p.calendarUserType(),
                    wanted.displayName() != null ? wanted.displayName() : p.displayName(),
                    wanted.email() != null ? wanted.email() : p.email(), wanted.role(), true));
        });
    }
}
