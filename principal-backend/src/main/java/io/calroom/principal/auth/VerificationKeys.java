package io.calroom.principal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Parses a static verification key into a public JWK set (RSA and EC keys only). */
final class VerificationKeys {
    private VerificationKeys() {}

    static JWKSet parse(String text) {
        String s = text.strip();
        List<JWK> keys = new ArrayList<>();
        try {
            if (s.startsWith("{")) {
                Map<String, Object> json = JSONObjectUtils.parse(s);
                if (json.containsKey("keys")) keys.addAll(JWKSet.parse(json).getKeys());
                else keys.add(JWK.parse(json));
            } else if (s.contains("-----BEGIN CERTIFICATE-----")) {
                keys.add(JWK.parseFromPEMEncodedX509Cert(s));
            } else if (s.contains("-----BEGIN PUBLIC KEY-----")) {
                keys.add(fromSubjectPublicKeyInfo(pemBody(s, "PUBLIC KEY")));
            } else {
                throw new IllegalArgumentException("the verification key must be a PEM public key or certificate,"
                        + " or a JWK / JWK set in JSON");
            }
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("unreadable verification key: " + e.getMessage(), e);
        }
        if (keys.isEmpty()) throw new IllegalArgumentException("the verification key set is empty");
        List<JWK> publicKeys = new ArrayList<>();
        for (JWK k : keys) {
            if (k.getKeyType() != KeyType.RSA && k.getKeyType() != KeyType.EC) {
                throw new IllegalArgumentException("only RSA and EC verification keys are accepted, not " + k.getKeyType());
            }
            publicKeys.add(k.toPublicJWK()); // a private key given by mistake is reduced to its public part
        }
        return new JWKSet(publicKeys);
    }

    private static byte[] pemBody(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end, from);
        if (from < 0 || to < 0) throw new IllegalArgumentException("malformed PEM " + label);
        String body = pem.substring(from + begin.length(), to).replaceAll("\\s+", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed PEM " + label + ": bad base64", e);
        }
    }

    private static JWK fromSubjectPublicKeyInfo(byte[] der) {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC")) {
            PublicKey key;
            try {
                key = KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (GeneralSecurityException e) {
                continue;
            }
            if (key instanceof RSAPublicKey rsa) return new RSAKey.Builder(rsa).build();
            if (key instanceof ECPublicKey ec) {
                Curve curve = Curve.forECParameterSpec(ec.getParams());
                if (curve == null) throw new IllegalArgumentException("unsupported EC curve in the verification key");
                return new ECKey.Builder(curve, ec).build();
            }
        }
        throw new IllegalArgumentException("the PEM public key is neither RSA nor EC");
    }
}
