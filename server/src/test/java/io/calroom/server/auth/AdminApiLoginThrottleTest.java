package io.calroom.server.auth;

import io.calroom.server.support.DavClient;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin API shares CalDAV's login throttle: failures on either count together, and a throttled
 * attempt gets 429 with Retry-After (RFC 6585 §4) and the API's JSON error, not another 401.
 */
class AdminApiLoginThrottleTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(AdminApiLoginThrottleTest.class,
                Map.of("CALDAV_AUTH_MAX_FAILURES", "3", "CALDAV_AUTH_MAX_LOCKOUT_SECONDS", "60"));
        server.user("victim");
        server.user("bystander");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static HttpResponse<String> adminGet(String user, String password) {
        return new DavClient(server.baseUrl(), user, password).request("GET", "/api/v1/orgs").send();
    }

    @Test
    void failuresOnTheAdminApiAndCalDavCountTogether_thenBothAnswer429() {
        for (int i = 0; i < 2; i++) assertEquals(401, adminGet("victim", "guess").statusCode(), "admin API attempt " + i);
        assertEquals(401, new DavClient(server.baseUrl(), "victim", "guess").propfind("/", "0", null).statusCode());

        HttpResponse<String> throttled = adminGet("victim", "guess");
        assertEquals(429, throttled.statusCode(), throttled.body());
        assertTrue(Long.parseLong(throttled.headers().firstValue("Retry-After").orElse("0")) >= 1);
        assertTrue(throttled.body().contains("\"too-many-requests\""), throttled.body());
        assertEquals(429, adminGet("victim", TestServer.PASSWORD).statusCode(), "while throttled, not even the right password is checked");
        assertEquals(429, new DavClient(server.baseUrl(), "victim", TestServer.PASSWORD).propfind("/", "0", null).statusCode(),
                "and CalDAV refuses the account too");

        HttpResponse<String> other = adminGet("bystander", TestServer.PASSWORD);
        assertNotEquals(429, other.statusCode(), "other accounts are unaffected");
        assertNotEquals(401, other.statusCode(), other.body());
    }
}
