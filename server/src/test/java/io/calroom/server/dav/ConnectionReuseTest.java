package io.calroom.server.dav;

import io.calroom.server.support.Ics;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A refusal decided before the request body has arrived must not break the persistent connection
 * (RFC 9112 §9.3): the client sends its next request on it, as HTTP clients keep connections open.
 * The body is sent a moment after the headers, as clients write headers and body separately.
 */
class ConnectionReuseTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ConnectionReuseTest.class);
        server.user("alice");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aRefusedPutWithALateBodyLeavesTheConnectionUsable() throws Exception {
        // 403 CALDAV:calendar-collection-location-ok (an XML error body), 404 (another user's home), 409 (no parent)
        for (String path : new String[]{"/calendars/users/alice/x.ics", "/calendars/users/nobody/default/x.ics",
                "/calendars/users/alice/missing/x.ics"}) {
            URI base = URI.create(server.baseUrl());
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                byte[] body = Ics.event("late-body", "20261203T100000Z", "20261203T110000Z", "x").getBytes(StandardCharsets.UTF_8);
                out.write(("PUT " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nAuthorization: " + basic()
                        + "\r\nContent-Type: text/calendar; charset=utf-8\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(300);
                out.write(body);
                out.flush();
                String first = readResponse(in);
                assertTrue(first.startsWith("HTTP/1.1 4"), first);
                assertTrue(!first.toLowerCase().contains("connection: close"), "a small body is read and the connection kept: " + first);

                out.write(("GET /health HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String second = readResponse(in);
                assertEquals("HTTP/1.1 200 OK", second.lines().findFirst().orElse(""), path + ": " + second);
            }
        }
    }

    @Test
    void aRefusedPutWithALargeUnreadBodySaysConnectionClose() throws Exception {
        // more than is read and dropped (64 KiB): the client must be told the connection ends
        URI base = URI.create(server.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /calendars/users/nobody/default/x.ics HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nAuthorization: "
                    + basic() + "\r\nContent-Type: text/calendar; charset=utf-8\r\nContent-Length: 200000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readResponse(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 409"), "no such parent: " + answer);
            assertTrue(answer.toLowerCase().contains("connection: close"), answer);
        }
    }

    @Test
    void aTooLargeBodySentInFullStillHearsThe413_rfc9112_section9_6() throws Exception {
        // the client writes its whole body before it reads: answering and closing while bytes are
        // still arriving would reset the connection and lose the 413
        int limit = 10 * 1024 * 1024; // CALDAV_MAX_REQUEST_BYTES default
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        for (boolean chunked : new boolean[]{false, true}) {
            URI base = URI.create(server.baseUrl());
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                int chunks = limit / chunk.length + 2;
                String framing = chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + (long) chunks * chunk.length;
                out.write(("PUT /calendars/users/alice/default/huge.ics HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nAuthorization: "
                        + basic() + "\r\nContent-Type: text/calendar; charset=utf-8\r\n" + framing + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < chunks; i++) {
                    if (chunked) out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    if (chunked) out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                if (chunked) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answer = readResponse(socket.getInputStream());
                assertTrue(answer.startsWith("HTTP/1.1 413"), (chunked ? "chunked: " : "Content-Length: ") + answer);
                assertTrue(answer.toLowerCase().contains("connection: close"), answer);
            }
        }
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("alice:" + TestServer.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** One response, its body by Content-Length or chunked; empty when the connection was closed instead. */
    private static String readResponse(InputStream in) throws IOException {
        String headers = readUntil(in, "\r\n\r\n");
        if (headers.toLowerCase().contains("transfer-encoding: chunked")) {
            StringBuilder body = new StringBuilder();
            while (true) {
                int size = Integer.parseInt(readUntil(in, "\r\n").trim().split(";")[0], 16);
                body.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                readUntil(in, "\r\n");
                if (size == 0) return headers + body;
            }
        }
        int length = headers.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            bytes.write(b);
            if (bytes.toString(StandardCharsets.ISO_8859_1).endsWith(end)) break;
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
