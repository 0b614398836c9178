package io.calroom.scheduling.imip;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.time.Duration;
import java.util.Locale;

/**
 * How to reach the outgoing mail server.
 *
 * @param host        SMTP server host name
 * @param port        SMTP port, 1-65535
 * @param tls         how the connection is protected
 * @param username    SMTP AUTH user, or {@code null} for no authentication
 * @param password    SMTP AUTH password, or {@code null}
 * @param fromAddress the address every iMIP message is sent from (header From and the SMTP envelope sender)
 * @param fromName    display name of From when the originator of a message has no name
 * @param timeout     connect, read and write timeout of the SMTP connection
 */
public record SmtpSettings(String host, int port, TlsMode tls, String username, String password, String fromAddress,
                           String fromName, Duration timeout) {

    /** Connection security. */
    public enum TlsMode {
        /** Plain SMTP: only for a relay on the same host or a trusted network. */
        NONE,
        /** Plain connection upgraded with STARTTLS, which is required: no STARTTLS, no mail (usually port 587). */
        STARTTLS,
        /** TLS from the first byte (SMTPS, usually port 465). */
        SMTPS;

        /** Parses {@code none}, {@code starttls} or {@code smtps}, any case. */
        public static TlsMode parse(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "none" -> NONE;
                case "starttls" -> STARTTLS;
                case "smtps" -> SMTPS;
                default -> throw new IllegalArgumentException("must be starttls, smtps or none, was '" + value + "'");
            };
        }
    }

    public SmtpSettings {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("an SMTP host is required");
        host = host.trim();
        if (port < 1 || port > 65535) throw new IllegalArgumentException("the SMTP port must be between 1 and 65535, was " + port);
        if (tls == null) throw new IllegalArgumentException("a TLS mode is required");
        username = blankToNull(username);
        password = password == null || password.isEmpty() ? null : password;
        fromAddress = validAddress(fromAddress);
        fromName = blankToNull(fromName) == null ? "Calroom" : fromName.trim();
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the SMTP timeout must be positive");
        }
    }

    /** The plain SMTP settings tests and simple set-ups use: no TLS, no authentication, 10 s timeout. */
    public static SmtpSettings plain(String host, int port, String fromAddress) {
        return new SmtpSettings(host, port, TlsMode.NONE, null, null, fromAddress, null, Duration.ofSeconds(10));
    }

    /** The domain of {@link #fromAddress()}, used in Message-IDs. */
    public String fromDomain() {
        return fromAddress.substring(fromAddress.lastIndexOf('@') + 1);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", tls=" + tls + ", username=" + username
                + ", password=" + (password == null ? "none" : "****") + ", fromAddress=" + fromAddress
                + ", fromName=" + fromName + ", timeout=" + timeout + "]";
    }

    /** A single plain e-mail address ({@code local@domain}, no display name), RFC 822 syntax. */
    static String validAddress(String address) {
        if (address == null || address.isBlank()) throw new IllegalArgumentException("a sender address is required");
        String a = address.trim();
        try {
            InternetAddress parsed = new InternetAddress(a, true);
            if (parsed.getPersonal() != null || !a.equals(parsed.getAddress()) || a.indexOf('@') < 1
                    || a.endsWith("@") || a.contains(" ")) {
                throw new IllegalArgumentException("not a plain e-mail address: '" + address + "'");
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException("not an e-mail address: '" + address + "'");
        }
        return a;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
