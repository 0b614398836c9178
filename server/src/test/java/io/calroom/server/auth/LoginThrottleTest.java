package io.calroom.server.auth;

import io.calroom.server.support.DavClient;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failed authentication is throttled per account and per client address, without telling who exists. */
class LoginThrottleTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(LoginThrottleTest.class, Map.of("CALDAV_AUTH_MAX_FAILURES", "3", "CALDAV_AUTH_MAX_LOCKOUT_SECONDS", "60"));
        server.user("victim");
        server.user("bystander");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void repeatedFailuresGet429WithRetryAfter_forRealAndUnknownAccountsAlike() {
        for (String account : new String[]{"victim", "ghost-account"}) {
            DavClient wrong = new DavClient(server.baseUrl(), account, "guess");
            for (int i = 0; i < 3; i++) assertEquals(401, wrong.propfind("/", "0", null).statusCode(), account + " attempt " + i);
            HttpResponse<String> throttled = wrong.propfind("/", "0", null);
            assertEquals(429, throttled.statusCode(), account);
            assertTrue(Long.parseLong(throttled.headers().firstValue("Retry-After").orElse("0")) >= 1);
            HttpResponse<String> evenRight = new DavClient(server.baseUrl(), account, TestServer.PASSWORD).propfind("/", "0", null);
            assertEquals(429, evenRight.statusCode(), "while throttled, not even the right password is checked");
        }
        assertEquals(207, server.client("bystander").propfind("/", "0", null).statusCode(), "other accounts are unaffected");
    }

    @Test
    void theDelayDoublesUpToTheCapAndSuccessResets() {
        Instant[] now = {Instant.parse("2026-12-01T10:00:00Z")};
        Clock clock = new Clock() {
            public ZoneOffset getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId z) { return this; }
            public Instant instant() { return now[0]; }
        };
        LoginThrottle t = new LoginThrottle(2, Duration.ofSeconds(10), clock);
        t.failed("a", "ip");
        assertFalse(t.retryAfterSeconds("a", "ip").isPresent());
        t.failed("a", "ip");
        assertEquals(1, t.retryAfterSeconds("a", "ip").getAsLong());
        t.failed("a", "ip");
        assertEquals(2, t.retryAfterSeconds("a", "ip").getAsLong());
        for (int i = 0; i < 10; i++) t.failed("a", "ip");
        assertEquals(10, t.retryAfterSeconds("a", "ip").getAsLong(), "capped");
        now[0] = now[0].plusSeconds(11);
        assertFalse(t.retryAfterSeconds("a", "other-ip").isPresent());
        t.succeeded("a", "ip");
        assertFalse(t.retryAfterSeconds("a", "ip").isPresent());
    }
}
