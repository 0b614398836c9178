package io.calroom.principal;

import io.calroom.schema.Database;
import io.calroom.schema.store.CalendarCollectionStore;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.NewCalendar;

import java.util.List;
import java.util.Optional;

/**
 * Creates principals together with their calendar home: the {@code default} calendar and the
 * scheduling inbox and outbox, in one transaction (the caller's, if it runs in one).
 */
public final class AccountProvisioner {
    public static final String DEFAULT_CALENDAR = "default";
    public static final String INBOX = "inbox";
    public static final String OUTBOX = "outbox";

    private final Database database;
    private final PrincipalStore principals;
    private final CalendarCollectionStore calendars;
    private final PasswordHasher hasher;

    public AccountProvisioner(Database database, PrincipalStore principals, CalendarCollectionStore calendars,
                              PasswordHasher hasher) {
        this.database = database;
        this.principals = principals;
        this.calendars = calendars;
        this.hasher = hasher;
    }

    /** Creates the principal and its home. */
    public Principal create(NewPrincipal p) {
        return database.transaction(() -> createHere(p));
    }

    private Principal createHere(NewPrincipal p) {
        String hash = p.password() == null ? null : hasher.hash(p.password());
        Principal principal = principals.create(p, hash);
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
    public Principal ensureUser(String orgSlug, String orgName, NewPrincipal wanted) {
        return database.transaction(() -> {
            PrincipalStore store = principals;
            Org org = store.ensureOrg(orgSlug, orgName);
            NewPrincipal inOrg = new NewPrincipal(org.id(), wanted.kind(), wanted.name(), wanted.calendarUserType(),
                    wanted.displayName(), wanted.email(), wanted.role(), wanted.password());
            Optional<Principal> existing = store.byName(wanted.kind(), wanted.name());
            if (existing.isEmpty()) return createHere(inOrg);
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
