package io.calroom.principal.auth;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How bearer JWTs from an OpenID Connect provider are checked and mapped onto Calroom users.
 *
 * <p>Exactly what is trusted: tokens signed by a key from {@link #jwksUrl()} (fetched and cached) or the static
 * {@link #verificationKey()}, with one of the {@link #allowedAlgorithms()} (asymmetric only: no {@code none}, no
 * {@code HS*}), whose {@code iss} is {@link #issuer()}, whose {@code aud} contains {@link #audience()}, with
 * {@code exp} and {@code sub}, within {@link #clockSkew()}.
 *
 * <p>Claim names may be dotted paths into JSON objects (e.g. {@code realm_access.roles} for Keycloak); a claim whose
 * full name contains a dot is found first.
 *
 * @param issuer            the exact {@code iss} expected (required)
 * @param audience          a value {@code aud} must contain (required)
 * @param jwksUrl           where the provider publishes its keys; or null when {@code verificationKey} is set
 * @param verificationKey   a static public key: PEM ({@code BEGIN PUBLIC KEY} RSA or EC, or {@code BEGIN CERTIFICATE}),
 *                          or a JWK or JWK set as JSON; or null when {@code jwksUrl} is set. A PEM key (having no
 *                          {@code kid}) verifies tokens whatever their {@code kid}; JWKs with a {@code kid} must match it
 * @param usernameClaim     the principal name; when absent, the local part of the email, then {@code sub}
 * @param emailClaim        the email (ignored when the token says {@code email_verified: false})
 * @param nameClaim         the display name (else given + family name)
 * @param givenNameClaim    the first name
 * @param familyNameClaim   the last name
 * @param orgClaim          the org slug; a token without it is refused. The org is created if missing
 * @param rolesClaim        a string or an array of strings, mapped with the two lists below; else {@code user}
 * @param orgAdminValues    role values meaning org-admin
 * @param superAdminValues  role values meaning super-admin (empty: no token can ever make a super-admin)
 * @param groupsClaim       an array of group names (a leading {@code /}, as Keycloak sends, is dropped)
 * @param clockSkew         tolerance on {@code exp} and {@code nbf}
 * @param allowedAlgorithms JWS algorithm names accepted, a subset of {@link #ASYMMETRIC_ALGORITHMS}
 */
public record OidcSettings(
        String issuer,
        String audience,
        URI jwksUrl,
        String verificationKey,
        String usernameClaim,
        String emailClaim,
        String nameClaim,
        String givenNameClaim,
        String familyNameClaim,
        String orgClaim,
        String rolesClaim,
        List<String> orgAdminValues,
        List<String> superAdminValues,
        String groupsClaim,
        Duration clockSkew,
        Set<String> allowedAlgorithms) {

    /** Every algorithm that may be allowed: RSA PKCS#1, RSA-PSS and ECDSA signatures. */
    public static final Set<String> ASYMMETRIC_ALGORITHMS =
            Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    public static final Set<String> DEFAULT_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "ES256", "ES384", "PS256");
    public static final List<String> DEFAULT_ORG_ADMIN_VALUES = List.of("can_admin", "org-admin");
    public static final List<String> DEFAULT_SUPER_ADMIN_VALUES = List.of("super-admin");
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    public OidcSettings {
        issuer = required(issuer, "issuer");
        audience = required(audience, "audience");
        verificationKey = verificationKey == null || verificationKey.isBlank() ? null : verificationKey.strip();
        if ((jwksUrl == null) == (verificationKey == null)) {
            throw new IllegalArgumentException("exactly one of jwksUrl and verificationKey is required");
        }
        if (jwksUrl != null) {
            String scheme = jwksUrl.getScheme() == null ? "" : jwksUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new IllegalArgumentException("jwksUrl must be an http(s) URL: " + jwksUrl);
            }
        }
        if (verificationKey != null) VerificationKeys.parse(verificationKey); // fail at start-up, not per request
        usernameClaim = orDefault(usernameClaim, "preferred_username");
        emailClaim = orDefault(emailClaim, "email");
        nameClaim = orDefault(nameClaim, "name");
        givenNameClaim = orDefault(givenNameClaim, "given_name");
        familyNameClaim = orDefault(familyNameClaim, "family_name");
        orgClaim = orDefault(orgClaim, "org");
        rolesClaim = orDefault(rolesClaim, "roles");
        groupsClaim = orDefault(groupsClaim, "groups");
        orgAdminValues = List.copyOf(orgAdminValues == null ? DEFAULT_ORG_ADMIN_VALUES : orgAdminValues);
        superAdminValues = List.copyOf(superAdminValues == null ? DEFAULT_SUPER_ADMIN_VALUES : superAdminValues);
        clockSkew = clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew;
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("clockSkew must be between 0 and 10 minutes, was " + clockSkew);
        }
        Set<String> algs = new LinkedHashSet<>();
        for (String a : allowedAlgorithms == null ? DEFAULT_ALGORITHMS : allowedAlgorithms) {
            String name = Objects.requireNonNull(a, "algorithm").strip().toUpperCase(Locale.ROOT);
            if (!ASYMMETRIC_ALGORITHMS.contains(name)) {
                throw new IllegalArgumentException("JWS algorithm not allowed: " + a
                        + " (only asymmetric signatures: " + ASYMMETRIC_ALGORITHMS + ")");
            }
            algs.add(name);
        }
        if (algs.isEmpty()) throw new IllegalArgumentException("at least one JWS algorithm must be allowed");
        allowedAlgorithms = Set.copyOf(algs);
    }

    /** Settings with the default claim names, role values, skew and algorithms. */
    public static Builder builder(String issuer, String audience) {
        return new Builder(issuer, audience);
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder(issuer, audience);
        b.jwksUrl = jwksUrl;
        b.verificationKey = verificationKey;
        b.usernameClaim = usernameClaim;
        b.emailClaim = emailClaim;
        b.nameClaim = nameClaim;
        b.givenNameClaim = givenNameClaim;
        b.familyNameClaim = familyNameClaim;
        b.orgClaim = orgClaim;
        b.rolesClaim = rolesClaim;
        b.orgAdminValues = orgAdminValues;
        b.superAdminValues = superAdminValues;
        b.groupsClaim = groupsClaim;
        b.clockSkew = clockSkew;
        b.allowedAlgorithms = allowedAlgorithms;
        return b;
    }

    public static final class Builder {
        private final String issuer;
        private final String audience;
        private URI jwksUrl;
        private String verificationKey;
        private String usernameClaim;
        private String emailClaim;
        private String nameClaim;
        private String givenNameClaim;
        private String familyNameClaim;
        private String orgClaim;
        private String rolesClaim;
        private List<String> orgAdminValues;
        private List<String> superAdminValues;
        private String groupsClaim;
        private Duration clockSkew;
        private Set<String> allowedAlgorithms;

        private Builder(String issuer, String audience) {
            this.issuer = issuer;
            this.audience = audience;
        }

        public Builder jwksUrl(URI v) { jwksUrl = v; return this; }
        public Builder jwksUrl(String v) { jwksUrl = v == null ? null : URI.create(v); return this; }
        public Builder verificationKey(String v) { verificationKey = v; return this; }
        public Builder usernameClaim(String v) { usernameClaim = v; return this; }
        public Builder emailClaim(String v) { emailClaim = v; return this; }
        public Builder nameClaim(String v) { nameClaim = v; return this; }
        public Builder givenNameClaim(String v) { givenNameClaim = v; return this; }
        public Builder familyNameClaim(String v) { familyNameClaim = v; return this; }
        public Builder orgClaim(String v) { orgClaim = v; return this; }
        public Builder rolesClaim(String v) { rolesClaim = v; return this; }
        public Builder orgAdminValues(List<String> v) { orgAdminValues = v; return this; }
        public Builder superAdminValues(List<String> v) { superAdminValues = v; return this; }
        public Builder groupsClaim(String v) { groupsClaim = v; return this; }
        public Builder clockSkew(Duration v) { clockSkew = v; return this; }
        public Builder allowedAlgorithms(Set<String> v) { allowedAlgorithms = v; return this; }

        public OidcSettings build() {
            return new OidcSettings(issuer, audience, jwksUrl, verificationKey, usernameClaim, emailClaim, nameClaim,
                    givenNameClaim, familyNameClaim, orgClaim, rolesClaim, orgAdminValues, superAdminValues,
                    groupsClaim, clockSkew, allowedAlgorithms);
        }
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(what + " is required");
        return value.strip();
    }

    private static String orDefault(String value, String dflt) {
        return value == null || value.isBlank() ? dflt : value.strip();
    }
}
