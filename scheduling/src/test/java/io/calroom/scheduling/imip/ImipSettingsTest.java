package io.calroom.scheduling.imip;

import io.calroom.scheduling.SchedulingStores;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImipSettingsTest {

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private static Map<String, String> on(String... more) {
        Map<String, String> m = env("CALDAV_IMIP_ENABLED", "true", "CALDAV_SMTP_HOST", "smtp.example.com",
                "CALDAV_SMTP_FROM", "calendar@example.com");
        m.putAll(env(more));
        return m;
    }

    @Test
    void offByDefault() {
        ImipSettings s = ImipSettings.fromEnvironment(Map.of());
        assertFalse(s.enabled());
        assertNull(s.smtp());
        assertEquals("resources.example.com", s.resourceDomain());
        assertFalse(new ImipQueue(new SchedulingStores(null, null, null), s).enabled());
    }

    @Test
    void aHostAloneDoesNotTurnItOn() {
        assertFalse(ImipSettings.fromEnvironment(env("CALDAV_SMTP_HOST", "smtp.example.com",
                "CALDAV_SMTP_FROM", "calendar@example.com")).enabled());
        assertFalse(ImipSettings.fromEnvironment(env("CALDAV_IMIP_ENABLED", "false", "CALDAV_SMTP_HOST", "smtp.example.com")).enabled());
    }

    @Test
    void enabledWithoutHostStaysOff() {
        assertFalse(ImipSettings.fromEnvironment(env("CALDAV_IMIP_ENABLED", "true")).enabled());
        assertFalse(ImipSettings.fromEnvironment(env("CALDAV_IMIP_ENABLED", "true", "CALDAV_SMTP_HOST", "  ")).enabled());
    }

    @Test
    void defaults() {
        ImipSettings s = ImipSettings.fromEnvironment(on());
        assertTrue(s.enabled());
        assertTrue(new ImipQueue(new SchedulingStores(null, null, null), s).enabled());
        SmtpSettings smtp = s.smtp();
        assertEquals("smtp.example.com", smtp.host());
        assertEquals(587, smtp.port());
        assertEquals(SmtpSettings.TlsMode.STARTTLS, smtp.tls());
        assertNull(smtp.username());
        assertNull(smtp.password());
        assertEquals("calendar@example.com", smtp.fromAddress());
        assertEquals("Calroom", smtp.fromName());
        assertEquals(Duration.ofSeconds(30), smtp.timeout());
        assertEquals("example.com", smtp.fromDomain());
    }

    @Test
    void everyKey() {
        ImipSettings s = ImipSettings.fromEnvironment(on("CALDAV_IMIP_ENABLED", " YES ", "CALDAV_SMTP_PORT", "2525",
                "CALDAV_SMTP_TLS", "None", "CALDAV_SMTP_USER", "mailer", "CALDAV_SMTP_PASSWORD", " s3cret ",
                "CALDAV_SMTP_FROM_NAME", "Acme Calendar", "CALDAV_SMTP_TIMEOUT_SECONDS", "5",
                "CALDAV_RESOURCE_DOMAIN", "Rooms.Acme.Example"));
        SmtpSettings smtp = s.smtp();
        assertEquals(2525, smtp.port());
        assertEquals(SmtpSettings.TlsMode.NONE, smtp.tls());
        assertEquals("mailer", smtp.username());
        assertEquals(" s3cret ", smtp.password(), "a password is taken as it is");
        assertEquals("Acme Calendar", smtp.fromName());
        assertEquals(Duration.ofSeconds(5), smtp.timeout());
        assertEquals("rooms.acme.example", s.resourceDomain());
        assertFalse(smtp.toString().contains("s3cret"), "toString must not show the password");
        assertFalse(s.toString().contains("s3cret"));
    }

    @Test
    void smtpsDefaultsToPort465() {
        assertEquals(465, ImipSettings.fromEnvironment(on("CALDAV_SMTP_TLS", "smtps")).smtp().port());
        assertEquals(SmtpSettings.TlsMode.SMTPS, ImipSettings.fromEnvironment(on("CALDAV_SMTP_TLS", "SMTPS")).smtp().tls());
        assertEquals(587, ImipSettings.fromEnvironment(on("CALDAV_SMTP_TLS", "starttls")).smtp().port());
    }

    @Test
    void badValuesNameTheirKey() {
        assertKey("CALDAV_IMIP_ENABLED", env("CALDAV_IMIP_ENABLED", "maybe"));
        assertKey("CALDAV_SMTP_PORT", on("CALDAV_SMTP_PORT", "smtp"));
        assertKey("CALDAV_SMTP_PORT", on("CALDAV_SMTP_PORT", "0"));
        assertKey("CALDAV_SMTP_PORT", on("CALDAV_SMTP_PORT", "65536"));
        assertKey("CALDAV_SMTP_TLS", on("CALDAV_SMTP_TLS", "ssl"));
        assertKey("CALDAV_SMTP_TIMEOUT_SECONDS", on("CALDAV_SMTP_TIMEOUT_SECONDS", "0"));
        assertKey("CALDAV_SMTP_FROM", on("CALDAV_SMTP_FROM", "not an address"));
        assertKey("CALDAV_SMTP_FROM", on("CALDAV_SMTP_FROM", "Calendar <calendar@example.com>"));
        assertKey("CALDAV_SMTP_PASSWORD", on("CALDAV_SMTP_USER", "mailer"));
        assertKey("CALDAV_SMTP_USER", on("CALDAV_SMTP_PASSWORD", "secret"));
        // Checked even while iMIP is off: a typo should not wait until someone turns it on.
        assertKey("CALDAV_SMTP_PORT", env("CALDAV_SMTP_PORT", "x"));
    }

    @Test
    void fromIsRequiredWhenOn() {
        Map<String, String> m = on();
        m.remove("CALDAV_SMTP_FROM");
        assertKey("CALDAV_SMTP_FROM", m);
        m.put("CALDAV_IMIP_ENABLED", "false");
        assertFalse(ImipSettings.fromEnvironment(m).enabled());
    }

    @Test
    void recordChecks() {
        assertThrows(IllegalArgumentException.class, () -> new ImipSettings(true, null, "rooms.example.com"));
        assertThrows(IllegalArgumentException.class, () -> ImipSettings.disabled(" "));
        assertThrows(IllegalArgumentException.class, () -> SmtpSettings.plain("", 25, "a@example.com"));
        assertThrows(IllegalArgumentException.class, () -> SmtpSettings.plain("h", 25, "a@"));
        assertThrows(IllegalArgumentException.class, () -> new SmtpSettings("h", 25, SmtpSettings.TlsMode.NONE, null, null,
                "a@example.com", null, Duration.ZERO));
    }

    @Test
    void sessionPropertiesFollowTheTlsMode() {
        SmtpSettings starttls = ImipSettings.fromEnvironment(on("CALDAV_SMTP_USER", "u", "CALDAV_SMTP_PASSWORD", "p")).smtp();
        var p = SmtpTransport.properties(starttls);
        assertEquals("true", p.getProperty("mail.smtp.starttls.enable"));
        assertEquals("true", p.getProperty("mail.smtp.starttls.required"));
        assertEquals("true", p.getProperty("mail.smtp.ssl.checkserveridentity"));
        assertEquals("true", p.getProperty("mail.smtp.auth"));
        assertEquals("30000", p.getProperty("mail.smtp.timeout"));
        assertEquals("calendar@example.com", p.getProperty("mail.smtp.from"));

        var smtps = SmtpTransport.properties(ImipSettings.fromEnvironment(on("CALDAV_SMTP_TLS", "smtps")).smtp());
        assertEquals("smtps", smtps.getProperty("mail.transport.protocol"));
        assertEquals("true", smtps.getProperty("mail.smtps.ssl.enable"));
        assertEquals("465", smtps.getProperty("mail.smtps.port"));
        assertEquals("false", smtps.getProperty("mail.smtps.auth"));
    }

    private static void assertKey(String key, Map<String, String> env) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImipSettings.fromEnvironment(env));
        assertTrue(e.getMessage().startsWith(key), e.getMessage());
    }
}
