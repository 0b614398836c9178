package io.calroom.principal.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.calroom.principal.AccountProvisioner;
import io.calroom.principal.NewPrincipal;
import io.calroom.principal.Org;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.PrincipalStore;
import io.calroom.principal.Role;
import io.calroom.schema.Database;
import io.calroom.schema.jooq.tables.records.PrincipalsRecord;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.calroom.schema.jooq.Tables.GROUPS;
import static io.calroom.schema.jooq.Tables.GROUP_MEMBERS;
import static io.calroom.schema.jooq.Tables.PRINCIPALS;

/**
 * Checks bearer JWTs from the configured OpenID Connect provider and provisions their users just in time.
 *
 * <p>A token is accepted when its signature verifies with a key of the provider (JWKS URL, fetched and cached by
 * nimbus, or a static key) under an allowed asymmetric algorithm, {@code iss} and {@code aud} match, {@code exp} and
 * {@code sub} are present, it is within its {@code nbf}/{@code exp} window (with the clock skew), and it carries a
 * valid org slug and user name. Anything else gives {@link Optional#empty()} and one {@code info} log line saying why
 * (never the token). An unreachable JWKS URL also gives empty (logged at {@code warn}); a database failure throws.
 *
 * <p>On success, in one transaction: the org is found by slug (created, named after its slug, if missing); the user
 * is found by (org, {@code oidc_subject = sub}), else by name in the same org (and then linked to {@code sub}), else
 * created with its calendar home by {@link AccountProvisioner#create}. Display name, email, first and last name are
 * updated from the claims that are present; the role is set from the roles claim on every login (no mapped value
 * means {@code user}); memberships in {@code source = 'oidc'} groups are replaced by the groups claim (an absent claim
 * means none), creating such groups in the org as needed; groups managed by the admin API are never joined or left.
 * Refused, and nothing written: a name taken in another org or linked to another subject, an inactive principal.
 *
 * <p>A successful result is cached per token (keyed by its SHA-256) until the token's {@code exp}, at most 10,000
 * tokens: a cache hit does no signature check and no database access at all. So after deactivating a user, changing
 * its role or deleting it elsewhere, call {@link #invalidate(long)}.
 */
public final class JwtAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(JwtAuthenticator.class);
    static final int MAX_TOKEN_CHARS = 16 * 1024;
    static final int CACHE_SIZE = 10_000;
    private static final Pattern PRINCIPAL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");
    private static final Pattern ORG_SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final int MAX_TEXT = 256;
    private static final int MAX_ATTEMPTS = 3;

    private final OidcSettings settings;
    private final Database database;
    private final AccountProvisioner provisioner;
    private final ConfigurableJWTProcessor<SecurityContext> processor;
    private final Cache<String, CachedLogin> cache;
    private final Clock clock;

    private record CachedLogin(AuthenticatedUser user, Instant expiresAt) {}

    /** What a verified token says about its user. */
    record Identity(String subject, String orgSlug, String username, String email, String displayName,
                    String firstName, String lastName, Role role, Set<String> groups, Instant expiresAt) {}

    /** Thrown inside the provisioning transaction to roll it back; carries the reason to log. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    public JwtAuthenticator(OidcSettings settings, Database database, AccountProvisioner provisioner) {
        this(settings, database, provisioner, keySource(settings), Clock.systemUTC());
    }

    /** With a given key source (tests count its use) and clock. */
    JwtAuthenticator(OidcSettings settings, Database database, AccountProvisioner provisioner,
                     JWKSource<SecurityContext> keys, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.database = Objects.requireNonNull(database, "database");
        this.provisioner = Objects.requireNonNull(provisioner, "provisioner");
        this.clock = clock;
        this.processor = processor(settings, keys);
        this.cache = Caffeine.newBuilder()
                .maximumSize(CACHE_SIZE)
                .expireAfter(new Expiry<String, CachedLogin>() {
                    @Override
                    public long expireAfterCreate(String key, CachedLogin value, long currentTime) {
                        return Math.max(0, Duration.between(clock.instant(), value.expiresAt()).toNanos());
                    }

                    @Override
                    public long expireAfterUpdate(String key, CachedLogin value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, CachedLogin value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /** The user this bearer token stands for, provisioned or updated from its claims; empty if it is not valid. */
    public Optional<AuthenticatedUser> authenticate(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank()) return rejected("empty token");
        if (bearerToken.length() > MAX_TOKEN_CHARS) return rejected("token longer than " + MAX_TOKEN_CHARS + " characters");
        String key = sha256Hex(bearerToken);
        CachedLogin hit = cache.getIfPresent(key);
        if (hit != null && hit.expiresAt().isAfter(clock.instant())) return Optional.of(hit.user());

        JWTClaimsSet claims;
        try {
            claims = processor.process(bearerToken, null);
        } catch (ParseException e) {
            return rejected("malformed token");
        } catch (BadJWTException e) {
            return rejected(e.getMessage());                 // expired, not yet valid, iss, aud, missing claims
        } catch (BadJOSEException e) {
            return rejected(e.getMessage());                 // alg not allowed, unknown kid, bad signature, unsigned
        } catch (RateLimitReachedException e) {
            return rejected("no key for its kid (key set refetched too recently to try again)");
        } catch (KeySourceException e) {
            log.warn("Bearer JWT rejected: could not get the provider's keys: {}",
                    e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            return Optional.empty();
        } catch (JOSEException e) {
            return rejected("signature check failed: " + e.getMessage());
        } catch (RuntimeException e) {
            return rejected("malformed token (" + e.getClass().getSimpleName() + ")");
        }

        Identity identity;
        try {
            identity = identity(claims);
        } catch (Refused r) {
            return rejected(r.getMessage());
        }
        Principal principal;
        try {
            principal = provision(identity);
        } catch (Refused r) {
            log.warn("Bearer JWT refused for subject {} of org {}: {}", printable(identity.subject()),
                    identity.orgSlug(), r.getMessage());
            return Optional.empty();
        }
        AuthenticatedUser user = AuthenticatedUser.jwt(principal);
        if (identity.expiresAt().isAfter(clock.instant())) cache.put(key, new CachedLogin(user, identity.expiresAt()));
        return Optional.of(user);
    }

    /** Forgets every cached token of this principal (after deactivation, a role change, deletion...). */
    public void invalidate(long principalId) {
        cache.asMap().values().removeIf(c -> c.user().principal().id() == principalId);
    }

    public void invalidateAll() {
        cache.invalidateAll();
    }

    // ---- claims ----

    Identity identity(JWTClaimsSet claims) {
        String subject = claims.getSubject();
        String org = string(claims, settings.orgClaim());
        if (org == null) throw new Refused("no org claim '" + settings.orgClaim() + "'");
        if (!ORG_SLUG.matcher(org).matches()) throw new Refused("org claim is not a valid org slug: '" + printable(org) + "'");

        String email = string(claims, settings.emailClaim());
        Object verified = claims.getClaim("email_verified");
        if (Boolean.FALSE.equals(verified) || "false".equals(verified)) email = null;
        if (email != null && (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+"))) email = null;

        String username = string(claims, settings.usernameClaim());
        if (username == null && email != null) username = email.substring(0, email.indexOf('@'));
        if (username == null) username = subject;
        if (!PRINCIPAL_NAME.matcher(username).matches()) {
            throw new Refused("user name is not a valid principal name: '" + printable(username) + "'");
        }

        String first = clip(string(claims, settings.givenNameClaim()));
        String last = clip(string(claims, settings.familyNameClaim()));
        String display = clip(string(claims, settings.nameClaim()));
        if (display == null && (first != null || last != null)) {
            display = clip(((first == null ? "" : first) + " " + (last == null ? "" : last)).strip());
        }

        Set<String> roleValues = new LinkedHashSet<>(strings(claims, settings.rolesClaim()));
        Role role = settings.superAdminValues().stream().anyMatch(roleValues::contains) ? Role.SUPER_ADMIN
                : settings.orgAdminValues().stream().anyMatch(roleValues::contains) ? Role.ORG_ADMIN
                : Role.USER;

        Set<String> groups = new LinkedHashSet<>();
        List<String> skipped = new ArrayList<>();
        for (String g : strings(claims, settings.groupsClaim())) {
            String name = g.startsWith("/") ? g.substring(1) : g;
            if (PRINCIPAL_NAME.matcher(name).matches()) groups.add(name);
            else skipped.add(printable(g));
        }
        if (!skipped.isEmpty()) log.info("JWT groups skipped, not valid group names: {}", skipped);

        return new Identity(subject, org, username, email, display, first, last, role, groups,
                claims.getExpirationTime().toInstant());
    }

    /** A claim by name, or by dotted path into nested objects when no claim has the whole name. */
    static Object claim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        if (value != null || name.indexOf('.') < 0) return value;
        Object current = claims.getClaims();
        for (String part : name.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) return null;
            current = map.get(part);
        }
        return current;
    }

    private static String string(JWTClaimsSet claims, String name) {
        Object v = claim(claims, name);
        return v instanceof String s && !s.isBlank() ? s.strip() : null;
    }

    /** A string claim as one value, an array claim as its string members. */
    private static List<String> strings(JWTClaimsSet claims, String name) {
        Object v = claim(claims, name);
        if (v instanceof String s) return s.isBlank() ? List.of() : List.of(s.strip());
        if (v instanceof Collection<?> c) {
            return c.stream().filter(String.class::isInstance).map(o -> ((String) o).strip())
                    .filter(s -> !s.isEmpty()).collect(Collectors.toList());
        }
        return List.of();
    }

    // ---- provisioning ----

    private Principal provision(Identity id) {
        for (int attempt = 1; ; attempt++) {
            try {
                return database.transaction(cfg -> provisionIn(cfg.dsl(), id));
            } catch (DataAccessException e) {
                // A concurrent first login of the same user or group: the retry finds the other's rows.
                if (attempt < MAX_ATTEMPTS && "23505".equals(e.sqlState())) continue;
                throw e;
            }
        }
    }

    private Principal provisionIn(DSLContext tx, Identity id) {
        PrincipalStore store = new PrincipalStore(tx);
        Org org = store.ensureOrg(id.orgSlug(), id.orgSlug());
        PrincipalsRecord row = tx.selectFrom(PRINCIPALS)
                .where(PRINCIPALS.ORG_ID.eq(org.id()), PRINCIPALS.OIDC_SUBJECT.eq(id.subject()),
                        PRINCIPALS.KIND.eq(PrincipalKind.USER.dbValue()))
                .forUpdate().fetchOne();
        if (row == null) {
            row = tx.selectFrom(PRINCIPALS)
                    .where(PRINCIPALS.KIND.eq(PrincipalKind.USER.dbValue()), PRINCIPALS.NAME.eq(id.username()))
                    .forUpdate().fetchOne();
            if (row != null && row.getOrgId() != org.id()) {
                throw new Refused("user name '" + id.username() + "' belongs to another org");
            }
            if (row != null && row.getOidcSubject() != null) {
                throw new Refused("user name '" + id.username() + "' is linked to another OIDC subject");
            }
        }
        if (row != null && !row.getActive()) throw new Refused("principal '" + row.getName() + "' is inactive");

        String email = unclaimedEmail(store, id.email(), row == null ? null : row.getId());
        Principal principal;
        if (row == null) {
            principal = provisioner.create(tx, new NewPrincipal(org.id(), PrincipalKind.USER, id.username(),
                    "INDIVIDUAL", id.displayName(), email, id.role(), null));
            log.info("Provisioned user '{}' in org '{}' from OIDC subject {}", principal.name(), org.slug(),
                    printable(id.subject()));
        } else {
            Principal current = store.byId(row.getId()).orElseThrow();
            String displayName = id.displayName() != null ? id.displayName() : current.displayName();
            String newEmail = email != null ? email : current.email();
            if (!Objects.equals(displayName, current.displayName()) || !Objects.equals(newEmail, current.email())
                    || id.role() != current.role()) {
                principal = store.update(new Principal(current.id(), current.uuid(), current.orgId(), current.kind(),
                        current.name(), current.calendarUserType(), displayName, newEmail, id.role(), true));
            } else {
                principal = current;
            }
            if (row.getOidcSubject() == null) {
                log.info("Linked user '{}' of org '{}' to OIDC subject {}", principal.name(), org.slug(),
                        printable(id.subject()));
            }
        }
        String first = id.firstName() != null ? id.firstName() : row == null ? null : row.getFirstName();
        String last = id.lastName() != null ? id.lastName() : row == null ? null : row.getLastName();
        if (row == null || !id.subject().equals(row.getOidcSubject()) || !Objects.equals(first, row.getFirstName())
                || !Objects.equals(last, row.getLastName())) {
            tx.update(PRINCIPALS)
                    .set(PRINCIPALS.OIDC_SUBJECT, id.subject())
                    .set(PRINCIPALS.FIRST_NAME, first)
                    .set(PRINCIPALS.LAST_NAME, last)
                    .set(PRINCIPALS.UPDATED_AT, OffsetDateTime.now())
                    .where(PRINCIPALS.ID.eq(principal.id()))
                    .execute();
        }
        syncGroups(tx, org.id(), principal.id(), id.groups());
        return principal;
    }

    /** The email, unless another principal already has it as an address (then null: keep the current one). */
    private static String unclaimedEmail(PrincipalStore store, String email, Long self) {
        if (email == null) return null;
        Optional<Principal> owner = store.byAddress("mailto:" + email.toLowerCase(Locale.ROOT));
        if (owner.isPresent() && (self == null || owner.get().id() != self)) {
            log.info("JWT email {} not applied: it is the address of principal '{}'", printable(email),
                    owner.get().name());
            return null;
        }
        return email;
    }

    /** Makes the user's memberships in the org's OIDC-sourced groups exactly {@code wanted}. */
    private static void syncGroups(DSLContext tx, long orgId, long principalId, Set<String> wanted) {
        List<Long> wantedIds = new ArrayList<>();
        if (!wanted.isEmpty()) {
            var insert = tx.insertInto(GROUPS, GROUPS.ORG_ID, GROUPS.NAME, GROUPS.SOURCE);
            for (String name : wanted) insert = insert.values(orgId, name, "oidc");
            insert.onConflictDoNothing().execute();
            for (Record3<Long, String, String> g : tx.select(GROUPS.ID, GROUPS.NAME, GROUPS.SOURCE).from(GROUPS)
                    .where(GROUPS.ORG_ID.eq(orgId), GROUPS.NAME.in(wanted)).fetch()) {
                if ("oidc".equals(g.value3())) wantedIds.add(g.value1());
                else log.info("JWT group '{}' not joined: it is managed by the admin API", g.value2());
            }
        }
        tx.deleteFrom(GROUP_MEMBERS)
                .where(GROUP_MEMBERS.PRINCIPAL_ID.eq(principalId),
                        GROUP_MEMBERS.GROUP_ID.in(DSL.select(GROUPS.ID).from(GROUPS).where(GROUPS.SOURCE.eq("oidc"))),
                        wantedIds.isEmpty() ? DSL.noCondition() : GROUP_MEMBERS.GROUP_ID.notIn(wantedIds))
                .execute();
        if (!wantedIds.isEmpty()) {
            var insert = tx.insertInto(GROUP_MEMBERS, GROUP_MEMBERS.GROUP_ID, GROUP_MEMBERS.PRINCIPAL_ID);
            for (Long groupId : wantedIds) insert = insert.values(groupId, principalId);
            insert.onConflictDoNothing().execute();
        }
    }

    // ---- set-up ----

    private static ConfigurableJWTProcessor<SecurityContext> processor(OidcSettings settings, JWKSource<SecurityContext> keys) {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        // "JWT", no typ, or the RFC 9068 access-token type.
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        Set<JWSAlgorithm> algorithms = settings.allowedAlgorithms().stream().map(JWSAlgorithm::parse)
                .collect(Collectors.toUnmodifiableSet());
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(settings.audience()),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                Set.of("iss", "aud", "exp", "sub"),
                null);
        claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        p.setJWTClaimsSetVerifier(claims);
        return p;
    }

    static JWKSource<SecurityContext> keySource(OidcSettings settings) {
        if (settings.jwksUrl() != null) {
            String host = settings.jwksUrl().getHost();
            if ("http".equalsIgnoreCase(settings.jwksUrl().getScheme())
                    && !("localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host))) {
                log.warn("The OIDC JWKS URL {} is plain http: keys could be forged in transit", settings.jwksUrl());
            }
            try {
                return JWKSourceBuilder.<SecurityContext>create(settings.jwksUrl().toURL(),
                                new DefaultResourceRetriever(5_000, 5_000, 512 * 1024))
                        .retrying(true)
                        .build();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("bad JWKS URL " + settings.jwksUrl(), e);
            }
        }
        return staticKeys(VerificationKeys.parse(settings.verificationKey()));
    }

    /**
     * The static keys. A key without {@code kid} (a PEM key) is tried whatever the token's {@code kid}; a key with one
     * only for tokens naming it (or naming none).
     */
    static JWKSource<SecurityContext> staticKeys(JWKSet set) {
        ImmutableJWKSet<SecurityContext> exact = new ImmutableJWKSet<>(set);
        List<JWK> withoutKid = set.getKeys().stream().filter(k -> k.getKeyID() == null).toList();
        if (withoutKid.isEmpty()) return exact;
        JWKSet anyKid = new JWKSet(withoutKid);
        return (selector, context) -> {
            List<JWK> found = exact.get(selector, context);
            if (!found.isEmpty()) return found;
            JWKMatcher ignoringKid = new JWKMatcher.Builder(selector.getMatcher()).keyIDs((Set<String>) null).build();
            return new JWKSelector(ignoringKid).select(anyKid);
        };
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<AuthenticatedUser> rejected(String reason) {
        log.info("Bearer JWT rejected: {}", printable(reason));
        return Optional.empty();
    }

    /** For logs: control characters replaced, at most 120 characters. */
    static String printable(String s) {
        if (s == null) return "null";
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 120 ? clean.substring(0, 120) + "..." : clean;
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }
}
