package io.calroom.schema.check;

import io.calroom.schema.Database;
import io.calroom.schema.store.CalendarObjectStore;
import org.jooq.DSLContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Verifies the invariants every committed write keeps (all of a write happens in one transaction,
 * so none of these can be broken by a crash): the directory's change log never runs ahead of its
 * counter, every stored object is in its collection's change log, its ETag matches its text, and
 * a plain event has its occurrences, no occurrence is stored twice. Run by {@code java -jar caldav-server.jar check}.
 */
public final class ConsistencyCheck {
    /** One broken invariant, with how many rows break it and an example. */
    public record Problem(String invariant, long rows, String example) {}

    private final DSLContext db;

    /** Checks the data of {@code database}. */
    public static ConsistencyCheck over(Database database) {
        return new ConsistencyCheck(database.dsl());
    }

    public ConsistencyCheck(DSLContext db) {
        this.db = db;
    }

    public List<Problem> run() {
        List<Problem> problems = new ArrayList<>();
        count(problems, "a stored object is missing from its collection's change log", """
                SELECT count(*), min(o.calendar_id || '/' || o.uri) FROM calendar_objects o
                LEFT JOIN sync_changes s ON s.calendar_id = o.calendar_id AND s.uri = o.uri
                WHERE s.uri IS NULL OR s.deleted""");
        count(problems, "a change log says an existing object was deleted, or a deleted one exists", """
                SELECT count(*), min(s.calendar_id || '/' || s.uri) FROM sync_changes s
                LEFT JOIN calendar_objects o ON o.calendar_id = s.calendar_id AND o.uri = s.uri
                WHERE NOT s.deleted AND o.id IS NULL""");
        count(problems, "the directory change log runs ahead of the org's revision", """
                SELECT count(*), min(d.org_id || '/' || d.card) FROM directory_changes d JOIN orgs o ON o.id = d.org_id
                WHERE d.revision > o.directory_revision""");
        count(problems, "a plain event (no recurrence, not an inbox message) has no occurrence", """
                SELECT count(*), min(o.calendar_id || '/' || o.uri) FROM calendar_objects o JOIN calendars c ON c.id = o.calendar_id
                WHERE c.kind = 'calendar' AND o.component_type = 'VEVENT'
                  AND o.ical !~* '(^|\\n)(RRULE|RDATE|EXDATE|RECURRENCE-ID)[;:]'
                  AND NOT EXISTS (SELECT 1 FROM calendar_instances i WHERE i.object_id = o.id)""");
        count(problems, "an object has two occurrences of one RECURRENCE-ID (its index was extended twice)", """
                SELECT count(*), min(d.object_id || '/' || d.recurrence_id) FROM (
                    SELECT object_id, recurrence_id FROM calendar_instances WHERE recurrence_id IS NOT NULL
                    GROUP BY object_id, recurrence_id HAVING count(*) > 1) d""");
        long badEtags = 0;
        String example = null;
        for (var r : db.resultQuery("SELECT calendar_id, uri, etag, ical FROM calendar_objects").fetch()) {
            if (!CalendarObjectStore.etagOf(r.get(3, String.class)).equals(r.get(2, String.class))) {
                badEtags++;
                if (example == null) example = r.get(0) + "/" + r.get(1);
            }
        }
        if (badEtags > 0) problems.add(new Problem("an object's ETag does not match its stored text", badEtags, example));
        return problems;
    }

    private void count(List<Problem> problems, String invariant, String sql) {
        var r = db.resultQuery(sql).fetchOne();
        long n = ((Number) r.get(0)).longValue();
        if (n > 0) problems.add(new Problem(invariant, n, String.valueOf(r.get(1))));
    }
}
