package io.calroom.server;

import io.calroom.principal.PasswordAuthenticator;
import io.calroom.principal.auth.JwtAuthenticator;
import io.calroom.principal.auth.ServiceTokenAuthenticator;
import io.calroom.principal.auth.ServiceTokens;
import io.calroom.principal.PasswordHasher;
import io.calroom.principal.CachedPrincipalLookups;
import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.scheduling.delivery.ExternalDelivery;
import io.calroom.scheduling.delivery.ImplicitScheduler;
import io.calroom.scheduling.delivery.ManagerDecisions;
import io.calroom.scheduling.delivery.RoomAgent;
import io.calroom.scheduling.index.OccurrenceIndex;
import io.calroom.scheduling.index.OccurrenceMaintenance;
import io.calroom.scheduling.imip.ImipQueue;
import io.calroom.scheduling.imip.ImipWorker;
import io.calroom.scheduling.imip.SmtpTransport;
import io.calroom.ical.shape.CalendarDataShaper;
import io.calroom.schema.CalendarStores;
import io.calroom.schema.Database;
import io.calroom.principal.DirectoryStores;
import io.calroom.scheduling.SchedulingStores;
import io.calroom.schema.DatabaseConfig;
import io.calroom.admin.AdminApiServlet;
import io.calroom.server.auth.AdminCallerAuthenticator;
import io.calroom.server.auth.AuthenticationFilter;
import io.calroom.server.auth.CacheInvalidation;
import io.calroom.server.auth.CredentialVerifier;
import io.calroom.server.auth.LoginThrottle;
import io.calroom.server.acl.AclConcern;
import io.calroom.server.caldav.CaldavConcern;
import io.calroom.server.carddav.CarddavConcern;
import io.calroom.server.config.ServerConfig;
import io.calroom.server.dav.DavConcern;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavServices;
import io.calroom.server.dav.MiltonHandlerAdapter;
import io.calroom.server.dav.method.CopyMoveMethod;
import io.calroom.server.dav.method.DeleteMethod;
import io.calroom.server.dav.method.GetMethod;
import io.calroom.server.dav.method.MkcolMethod;
import io.calroom.server.dav.method.OptionsMethod;
import io.calroom.server.dav.method.PropfindMethod;
import io.calroom.server.dav.method.ProppatchMethod;
import io.calroom.server.dav.method.PutMethod;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.method.UnsupportedMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.schedule.ScheduleConcern;
import io.calroom.server.sync.SyncConcern;
import io.calroom.server.dav.tree.DavTree;
import io.calroom.server.dav.xml.SafeXml;
import io.calroom.server.http.CalDavServlet;
import io.calroom.server.http.ClosingErrorHandler;
import io.milton.config.HttpManagerBuilder;
import io.milton.http.Handler;
import io.milton.http.HttpExtension;
import io.milton.http.HttpManager;
import io.milton.http.http11.CustomPostHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.time.Clock;
import java.time.Duration;
import javax.xml.namespace.QName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assembles the server: database, principals, the Milton HTTP manager with our DAV methods, and
 * Jetty. {@link #start()} binds the port (0 picks a free one, for tests); {@link #close()} stops all.
 * <p>
 * The server has one {@link Clock}: "now" for everything calendar time depends on — expansion
 * horizons, the room agent's judgement (booking windows, past and future occurrences), manager
 * decisions through the admin API, DTSTAMPs, free-busy, the occurrence maintenance job. Mechanics
 * that measure real elapsed time keep the system clock: login throttling, credential and cache
 * expiry, iMIP retry timers, and the rows' own {@code created_at}/{@code updated_at} stamps.
 */
public final class CalroomServer implements AutoCloseable {
    private final ServerConfig config;
    private final Clock clock;
    private EmbeddedDatabase embedded;
    private Database database;
    private Server jetty;
    private List<String> accounts = List.of();
    private CachedPrincipalLookups directory;
    private DirectoryStores directoryStores;
    private ImipWorker imipWorker;
    private OccurrenceIndex occurrenceIndex;
    private OccurrenceMaintenance occurrenceMaintenance;

    public CalroomServer(ServerConfig config) {
        this(config, Clock.systemUTC());
    }

    /** With the clock calendar time is read from (tests start servers on another date). */
    public CalroomServer(ServerConfig config, Clock clock) {
        this.config = config;
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    public CalroomServer start() throws Exception {
        ServerConfig effective = config;
        if (config.embeddedDatabase()) {
            embedded = EmbeddedDatabase.start(config.dataDir());
            effective = config.withDatabase(embedded.jdbcUrl(), "postgres", null);
        }
        database = Database.open(new DatabaseConfig(effective.dbUrl(), effective.dbUser(), effective.dbPassword(), effective.dbPoolSize()));
        PasswordHasher hasher = new PasswordHasher(effective.passwordHashIterations());
        // the stores, built once: every protocol and background service below is given these
        CalendarStores calendars = CalendarStores.over(database);
        directoryStores = DirectoryStores.over(database, calendars.collections(), hasher);
        SchedulingStores stores = SchedulingStores.of(calendars, directoryStores);
        accounts = Bootstrap.run(directoryStores, effective);

        CalendarObjectLimits limits = new CalendarObjectLimits(effective.maxOccurrences(), effective.maxAttendees(),
                effective.expansionHorizon());
        directory = new CachedPrincipalLookups(directoryStores.principals(), Duration.ofSeconds(30));
        OccurrenceIndex occurrences = new OccurrenceIndex(stores, new CalendarObjectParser(limits), limits);
        occurrenceIndex = occurrences;
        // the protocol concerns, in the order their collections are listed and their properties added;
        // a new concern is one more line here
        List<DavConcern> concerns = List.of(
                new AclConcern(directory, directoryStores.resourcePolicies()),
                new CaldavConcern(stores.calendars(), directoryStores.resourcePolicies(), directory, limits),
                new CarddavConcern(directoryStores),
                new ScheduleConcern(),
                new SyncConcern());
        DavServices services = new DavServices(effective, database, new DavTree(directory, concerns), new SafeXml(),
                limits, new CalendarObjectParser(limits), new CalendarDataShaper(limits),
                new ImplicitScheduler(stores, new CalendarObjectParser(limits),
                        new RoomAgent(stores, new CalendarObjectParser(limits), occurrences, effective.conflictHorizon()),
                        effective.imip().enabled() ? new ImipQueue(stores, effective.imip()) : ExternalDelivery.NONE,
                        effective.resourceDomain()), clock, occurrences, stores, directoryStores);
        // the upgrade step (recomputing what an older version indexed) and the extension of
        // open-ended series: in the background from now on, lookups do not wait for it
        occurrenceMaintenance = new OccurrenceMaintenance(database, occurrences, clock, effective.occurrenceMaintenanceInterval());
        occurrenceMaintenance.start();
        if (effective.imip().enabled()) {
            imipWorker = new ImipWorker(database, stores.imipQueue(), new SmtpTransport(effective.imip().smtp()));
            imipWorker.start();
        }
        PasswordAuthenticator passwords = new PasswordAuthenticator(directoryStores.principals(), directory, hasher, Duration.ofMinutes(5));
        JwtAuthenticator jwts = effective.oidcEnabled() ? new JwtAuthenticator(effective.oidc(), database, directoryStores) : null;
        ServiceTokens tokens = new ServiceTokens(directoryStores.apiTokens());
        CredentialVerifier credentials = new CredentialVerifier(passwords, jwts,
                new ServiceTokenAuthenticator(tokens, directoryStores.principals()));
        // real elapsed time, not calendar time (see the class comment)
        LoginThrottle throttle = new LoginThrottle(effective.authMaxFailures(), effective.authMaxLockout(), Clock.systemUTC());
        HttpManager milton = buildMilton(services, concerns, new AuthenticationFilter(credentials, throttle, effective.baseUrl()));
        AdminApiServlet adminApi = new AdminApiServlet(database, directoryStores, stores.calendars(),
                new AdminCallerAuthenticator(credentials, throttle),
                effective.resourceDomain(), hasher, new CacheInvalidation(directory, passwords, jwts, tokens),
                new ManagerDecisions(stores, services.scheduler(), services.calendarParser()), clock, occurrences);

        jetty = new Server();
        jetty.setErrorHandler(new ClosingErrorHandler());
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // "%25" is an ordinary encoded octet (RFC 3986 §2.4): "3%2520a.ics" names "3%20a.ics". Our
        // one decoding of the raw path (Hrefs.segments) refuses what is really ambiguous.
        http.setUriCompliance(UriCompliance.DEFAULT.with("calroom", UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(effective.host());
        connector.setPort(effective.port());
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.getServletHandler().setDecodeAmbiguousURIs(true); // the servlets read the raw path only
        context.addServlet(new ServletHolder(new CalDavServlet(milton, database)), "/*");
        context.addServlet(new ServletHolder(adminApi), "/api/v1/*");
        jetty.setHandler(context);
        jetty.start();
        return this;
    }

    private static HttpManager buildMilton(DavServices services, List<DavConcern> concerns, AuthenticationFilter auth) {
        LivePropertySet live = new LivePropertySet(services, concerns);
        Map<QName, ReportMethod.Report> reports = new HashMap<>();
        for (DavConcern c : concerns) reports.putAll(c.reports(live));
        List<DavMethod> methods = new ArrayList<>(List.of(new OptionsMethod(concerns), GetMethod.get(), GetMethod.head(),
                new PropfindMethod(live), new ProppatchMethod(live, concerns), new PutMethod(), new DeleteMethod(), new MkcolMethod(),
                CopyMoveMethod.copy(), CopyMoveMethod.move(), new ReportMethod(reports)));
        for (DavConcern c : concerns) methods.addAll(c.methods(live));
        methods.addAll(List.of(new UnsupportedMethod("LOCK"), new UnsupportedMethod("UNLOCK"),
                new UnsupportedMethod("ACL"), new UnsupportedMethod("TRACE"), new UnsupportedMethod("CONNECT")));
        Set<Handler> handlers = new LinkedHashSet<>();
        for (DavMethod m : methods) handlers.add(new MiltonHandlerAdapter(m, services));

        HttpManagerBuilder b = new HttpManagerBuilder();
        b.setResourceFactory((host, path) -> null);
        b.setEnableFormAuth(false);
        b.setEnableCookieAuth(false);
        b.setEnableDigestAuth(false);
        b.setEnableBasicAuth(false);
        b.setEnabledJson(false);
        b.setAuthenticationHandlers(new ArrayList<>());
        b.setFilters(new ArrayList<>(List.of(auth)));
        b.init();
        // Added last, so its handlers replace CE's for every method they name.
        b.getProtocols().add(new HttpExtension() {
            @Override
            public Set<Handler> getHandlers() {
                return handlers;
            }

            @Override
            public List<CustomPostHandler> getCustomPostHandlers() {
                return List.of();
            }
        });
        return b.buildHttpManager();
    }

    /** The port actually bound. */
    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    /** The principal cache; whoever changes principals outside the server's own requests invalidates it. */
    public CachedPrincipalLookups directory() {
        return directory;
    }

    public Database database() {
        return database;
    }

    /** The directory's stores the server was started with. */
    public DirectoryStores directoryStores() {
        return directoryStores;
    }

    /** The server's clock (see the class comment). */
    public Clock clock() {
        return clock;
    }

    /** What keeps the occurrence table complete for lookups (tests drive its batches directly). */
    public OccurrenceIndex occurrenceIndex() {
        return occurrenceIndex;
    }

    /** The occurrence index's background job; {@link OccurrenceMaintenance#runOnce()} runs it at once. */
    public OccurrenceMaintenance occurrenceMaintenance() {
        return occurrenceMaintenance;
    }

    /** Descriptions of the seeded accounts, for the start-up banner. */
    public List<String> accounts() {
        return accounts;
    }

    @Override
    public void close() throws Exception {
        if (jetty != null) jetty.stop();
        if (occurrenceMaintenance != null) occurrenceMaintenance.close();
        if (imipWorker != null) imipWorker.close();
        if (database != null) database.close();
        if (embedded != null) embedded.close();
    }
}
