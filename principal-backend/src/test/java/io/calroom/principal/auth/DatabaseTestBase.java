package io.calroom.principal.auth;

import io.calroom.principal.DirectoryStores;
import io.calroom.principal.NewPrincipal;
import io.calroom.principal.Org;
import io.calroom.principal.PasswordHasher;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;
import io.calroom.schema.Database;
import io.calroom.schema.DatabaseConfig;
import io.calroom.testsupport.TestDatabase;
import io.calroom.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

/** One fresh, migrated PostgreSQL database per test class. Tests use distinct org and user names. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseTestBase {
    private static final AtomicInteger SEQ = new AtomicInteger();
    protected TestDatabase testDatabase;
    protected Database db;
    protected static final PasswordHasher HASHER = new PasswordHasher(1_000);
    /** The directory's stores over {@link #db}. */
    protected DirectoryStores directory;

    @BeforeAll
    void openDatabase() {
        testDatabase = TestDatabases.create(getClass().getSimpleName());
        db = openAnother();
        directory = DirectoryStores.over(db, HASHER);
    }

    @AfterAll
    void closeDatabase() {
        if (db != null) db.close();
        if (testDatabase != null) testDatabase.close();
    }

    /** A second pool on the same database (tests close it to prove no query is made). */
    protected Database openAnother() {
        return Database.open(new DatabaseConfig(testDatabase.jdbcUrl(), testDatabase.user(), testDatabase.password(), 4));
    }

    /** A unique lower-case name with this prefix, valid as an org slug and a principal name. */
    protected static String unique(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    }

    protected Principal createUser(String orgSlug, String name, Role role) {
        return db.transaction(() -> {
            Org org = directory.principals().ensureOrg(orgSlug, orgSlug);
            return directory.accounts().create(new NewPrincipal(org.id(), PrincipalKind.USER, name, "INDIVIDUAL",
                    name, null, role, null));
        });
    }

    protected Principal setActive(Principal p, boolean active) {
        return directory.principals().update(new Principal(p.id(), p.uuid(), p.orgId(), p.kind(), p.name(),
                p.calendarUserType(), p.displayName(), p.email(), p.role(), active));
    }

    /** A clock that tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
