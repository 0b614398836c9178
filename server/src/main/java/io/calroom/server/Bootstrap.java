package io.calroom.server;

import io.calroom.principal.AccountProvisioner;
import io.calroom.principal.DirectoryStores;
import io.calroom.principal.NewPrincipal;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;
import io.calroom.server.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * What a fresh install needs at start-up: the {@code default} org, the bootstrap super-admin from
 * {@code CALDAV_ADMIN_USER}/{@code CALDAV_ADMIN_PASSWORD} (created or updated), and with
 * {@code CALDAV_DEMO_DATA} a demo user and a demo room.
 */
public final class Bootstrap {
    public static final String DEFAULT_ORG = "default";
    public static final String DEMO_USER = "demo";
    public static final String DEMO_PASSWORD = "demo";
    public static final String DEMO_ROOM = "demo-room";
    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private Bootstrap() {
    }

    /** Runs the seeding; returns lines describing the accounts to use, for the start-up banner. */
    public static List<String> run(DirectoryStores directory, ServerConfig config) {
        AccountProvisioner accounts = directory.accounts();
        List<String> lines = new ArrayList<>();
        if (config.adminUser() != null) {
            if (config.adminPassword() == null) {
                throw new IllegalStateException("CALDAV_ADMIN_USER is set but CALDAV_ADMIN_PASSWORD is not");
            }
            Principal admin = accounts.ensureUser(DEFAULT_ORG, "Default", new NewPrincipal(0, PrincipalKind.USER,
                    config.adminUser(), "INDIVIDUAL", "Administrator", config.adminUser() + "@" + config.emailDomain(),
                    Role.SUPER_ADMIN, config.adminPassword()));
            log.info("bootstrap super-admin '{}' is ready", admin.name());
            lines.add("admin user: " + admin.name() + " (password from CALDAV_ADMIN_PASSWORD)");
        }
        if (config.demoData()) {
            accounts.ensureUser(DEFAULT_ORG, "Default", new NewPrincipal(0, PrincipalKind.USER, DEMO_USER,
                    "INDIVIDUAL", "Demo User", DEMO_USER + "@" + config.emailDomain(), Role.USER, DEMO_PASSWORD));
            accounts.ensureUser(DEFAULT_ORG, "Default", new NewPrincipal(0, PrincipalKind.RESOURCE, DEMO_ROOM,
                    "ROOM", "Demo Room", DEMO_ROOM + "@" + config.resourceDomain(), Role.USER, null));
            lines.add("demo user:  " + DEMO_USER + " / " + DEMO_PASSWORD);
            lines.add("demo room:  /principals/resources/" + DEMO_ROOM + "/ (mailto:" + DEMO_ROOM + "@" + config.resourceDomain() + ")");
        }
        if (config.adminUser() == null && !config.demoData()) {
            directory.principals().ensureOrg(DEFAULT_ORG, "Default");
        }
        return lines;
    }
}
