package io.calroom.scheduling.imip;

import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;
import io.calroom.scheduling.itip.ItipMessage;
import io.calroom.schema.Database;
import io.calroom.schema.DatabaseConfig;
import io.calroom.testsupport.TestDatabase;
import org.jooq.Record;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Test data for the iMIP tests: principals in a fresh database, iTIP messages as the scheduler makes them. */
final class ImipFixtures {
    static final Instant NOW = Instant.parse("2024-01-12T08:30:00Z");
    static final String RESOURCE_DOMAIN = "rooms.example.com";
    static final String FROM = "calendar@calroom.example.com";

    private ImipFixtures() {
    }

    static Database open(TestDatabase db) {
        return Database.open(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4));
    }

    /** An org with one user, "Olga Organizer" (olga@example.com). */
    static Principal olga(Database db) {
        long org = db.dsl().fetchOne("INSERT INTO orgs (slug, name) VALUES ('acme', 'Acme') RETURNING id").get(0, Long.class);
        return user(db, org, "olga", "Olga Organizer", "olga@example.com");
    }

    static Principal user(Database db, long org, String name, String displayName, String email) {
        Record r = db.dsl().fetchOne("INSERT INTO principals (org_id, kind, name, calendar_user_type, display_name, email) "
                + "VALUES (?, 'user', ?, 'INDIVIDUAL', ?, ?) RETURNING id, uuid", org, name, displayName, email);
        return new Principal(r.get("id", Long.class), r.get("uuid", UUID.class), org, PrincipalKind.USER, name,
                "INDIVIDUAL", displayName, email, Role.USER, true);
    }

    static ImipSettings settings(int smtpPort) {
        return ImipSettings.enabled(SmtpSettings.plain("127.0.0.1", smtpPort, FROM), RESOURCE_DOMAIN);
    }

    /** An invitation from Olga to an outside attendee (and a room), as OrganizerScheduling produces it. */
    static String request(String uid, String attendee) {
        return crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Calroom//Tests//EN
                METHOD:REQUEST
                BEGIN:VTIMEZONE
                TZID:Europe/Berlin
                BEGIN:STANDARD
                DTSTART:19961027T030000
                RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
                TZOFFSETFROM:+0200
                TZOFFSETTO:+0100
                TZNAME:CET
                END:STANDARD
                BEGIN:DAYLIGHT
                DTSTART:19810329T020000
                RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
                TZOFFSETFROM:+0100
                TZOFFSETTO:+0200
                TZNAME:CEST
                END:DAYLIGHT
                END:VTIMEZONE
                BEGIN:VEVENT
                UID:%s
                DTSTAMP:20240112T083000Z
                SEQUENCE:0
                DTSTART;TZID=Europe/Berlin:20240115T100000
                DTEND;TZID=Europe/Berlin:20240115T110000
                RRULE:FREQ=WEEKLY;COUNT=10
                SUMMARY:Weekly planning – Café Zürich
                LOCATION:Room Galileo
                DESCRIPTION:Agenda: status\\, risks\\, next steps
                ORGANIZER;CN=Olga Organizer:mailto:olga@example.com
                ATTENDEE;CN=Olga Organizer;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:olga@example.com
                ATTENDEE;CN=Erin External;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:%s
                ATTENDEE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION:mailto:galileo@rooms.example.com
                END:VEVENT
                END:VCALENDAR
                """.formatted(uid, attendee));
    }

    static String cancel(String uid, String attendee) {
        return crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Calroom//Tests//EN
                METHOD:CANCEL
                BEGIN:VEVENT
                UID:%s
                DTSTAMP:20240112T083000Z
                SEQUENCE:1
                STATUS:CANCELLED
                DTSTART:20240115T090000Z
                DTEND:20240115T100000Z
                SUMMARY:Weekly planning
                ORGANIZER;CN=Olga Organizer:mailto:olga@example.com
                ATTENDEE;CN=Erin External:mailto:%s
                END:VEVENT
                END:VCALENDAR
                """.formatted(uid, attendee));
    }

    /** Olga's answer to an outside organizer's invitation. */
    static String reply(String uid, String organizer, String partstat) {
        return crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Calroom//Tests//EN
                METHOD:REPLY
                BEGIN:VEVENT
                UID:%s
                DTSTAMP:20240112T083000Z
                SEQUENCE:0
                DTSTART;VALUE=DATE:20240120
                DTEND;VALUE=DATE:20240122
                SUMMARY:Offsite
                ORGANIZER;CN=Oscar Outside:mailto:%s
                ATTENDEE;CN=Olga Organizer;PARTSTAT=%s:mailto:olga@example.com
                END:VEVENT
                END:VCALENDAR
                """.formatted(uid, organizer, partstat));
    }

    static ItipMessage requestTo(String attendee) {
        return new ItipMessage("REQUEST", "mailto:olga@example.com", "mailto:" + attendee, request("uid-" + attendee, attendee), Set.of(""));
    }

    static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }
}
