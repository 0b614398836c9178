package io.calroom.principal.auth;

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
import io.calroom.principal.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.MalformedURLException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a bearer JWT of the configured OpenID Connect provider and reads who it stands for; no database.
 *
 * <p>A token is accepted when its signature verifies with a key of the provider (JWKS URL, fetched and cached by
 * nimbus, or a static key) under an allowed asymmetric algorithm, {@code iss} and {@code aud} match, {@code exp} and
 * {@code sub} are present, it is within its {@code nbf}/{@code exp} window (with the clock skew), and it carries a
 * valid org slug and user name. Anything else gives {@link Optional#empty()} and one {@code info} log line saying why
 * (never the token). An unreachable JWKS URL also gives empty (logged at {@code warn}).
 */
final class OidcTokenVerifier {
    private static final Logger log = LoggerFactory.getLogger(OidcTokenVerifier.class);
    private static final Pattern PRINCIPAL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");
    private static final Pattern ORG_SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final int MAX_TEXT = 256;

    private final OidcSettings settings;
    private final ConfigurableJWTProcessor<SecurityContext> processor;

    /** A claim the verifier refuses; carries the reason to log. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    OidcTokenVerifier(OidcSettings settings, JWKSource<SecurityContext> keys) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.processor = processor(settings, keys);
    }

    /** Who the token stands for, if it is valid; empty (and a log line saying why) if not. */
    Optional<OidcIdentity> verify(String bearerToken) {
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

        try {
            return Optional.of(identity(claims));
        } catch (Refused r) {
            return rejected(r.getMessage());
        }
    }

    // ---- claims ----

    OidcIdentity identity(JWTClaimsSet claims) {
        String subject = claims.getSubject();
        String org = string(claims, settings.orgClaim());
        if (org == null) throw new Refused("no org claim '" + settings.orgClaim() + "'");
        if (!ORG_SLUG.matcher(org).matches()) throw new Refused("org claim is not a valid org slug: '" + JwtAuthenticator.printable(org) + "'");

        String email = string(claims, settings.emailClaim());
        Object verified = claims.getClaim("email_verified");
        if (Boolean.FALSE.equals(verified) || "false".equals(verified)) email = null;
        if (email != null && (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+"))) email = null;

        String username = string(claims, settings.usernameClaim());
        if (username == null && email != null) username = email.substring(0, email.indexOf('@'));
        if (username == null) username = subject;
        if (!PRINCIPAL_NAME.matcher(username).matches()) {
            throw new Refused("user name is not a valid principal name: '" + JwtAuthenticator.printable(username) + "'");
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
            else skipped.add(JwtAuthenticator.printable(g));
        }
        if (!skipped.isEmpty()) log.info("JWT groups skipped, not valid group names: {}", skipped);

        return new OidcIdentity(subject, org, username, email, display, first, last, role, groups,
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

    private static Optional<OidcIdentity> rejected(String reason) {
        log.info("Bearer JWT rejected: {}", JwtAuthenticator.printable(reason));
        return Optional.empty();
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }
}
