package io.calroom.scheduling.imip;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny SMTP server on 127.0.0.1 and a random port, enough for Angus Mail: EHLO/HELO, AUTH PLAIN (when a user is
 * set), MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT. It keeps every accepted message and the commands it saw. It never
 * offers STARTTLS. Each connection is served on its own thread; every loop is bounded by socket timeouts.
 */
final class TestSmtpServer implements AutoCloseable {

    /** One accepted message: the envelope and the raw data (dot-unstuffed, CRLF line ends). */
    record Received(String mailFrom, List<String> rcptTo, byte[] data) {
        MimeMessage parse() {
            try {
                return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(data));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-smtp");
        t.setDaemon(true);
        return t;
    });
    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<String> commands = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private volatile Set<String> rejectedRecipients = Set.of();
    private volatile String user;
    private volatile String password;
    private volatile Duration dataDelay = Duration.ZERO;

    TestSmtpServer() throws IOException {
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        threads.submit(this::acceptLoop);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** RCPT TO these addresses (lower-case) is answered 550. */
    TestSmtpServer rejecting(String... recipients) {
        rejectedRecipients = Set.of(recipients);
        return this;
    }

    /** Advertises AUTH PLAIN and requires these credentials. */
    TestSmtpServer requiringAuth(String user, String password) {
        this.user = user;
        this.password = password;
        return this;
    }

    /** Waits this long before accepting each message's data. */
    TestSmtpServer slow(Duration delay) {
        this.dataDelay = delay;
        return this;
    }

    /** Waits until at least {@code n} messages arrived, at most {@code timeout}. */
    boolean await(int n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (received.size() < n && System.nanoTime() < end) Thread.sleep(20);
        return received.size() >= n;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                connections.incrementAndGet();
                clients.add(s);
                threads.submit(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            s.setSoTimeout(10_000);
            reply(out, "220 test-smtp ESMTP ready");
            String from = null;
            List<String> to = new ArrayList<>();
            boolean authenticated = user == null;
            for (int n = 0; n < 10_000; n++) {
                String line = readLine(in);
                if (line == null) return;
                commands.add(line);
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO")) {
                    reply(out, user != null ? "250-test-smtp\r\n250-8BITMIME\r\n250 AUTH PLAIN" : "250-test-smtp\r\n250 8BITMIME");
                } else if (upper.startsWith("HELO")) {
                    reply(out, "250 test-smtp");
                } else if (upper.startsWith("AUTH PLAIN")) {
                    String initial = line.length() > "AUTH PLAIN".length() ? line.substring("AUTH PLAIN".length()).trim() : "";
                    if (initial.isEmpty()) {
                        reply(out, "334 ");
                        initial = readLine(in);
                        if (initial == null) return;
                    }
                    String[] parts = new String(Base64.getDecoder().decode(initial), StandardCharsets.UTF_8).split("\0", -1);
                    authenticated = parts.length == 3 && parts[1].equals(user) && parts[2].equals(password);
                    reply(out, authenticated ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication failed");
                } else if (upper.startsWith("MAIL FROM:")) {
                    if (!authenticated) {
                        reply(out, "530 5.7.0 Authentication required");
                        continue;
                    }
                    from = address(line.substring(10));
                    to.clear();
                    reply(out, "250 OK");
                } else if (upper.startsWith("RCPT TO:")) {
                    String rcpt = address(line.substring(8));
                    if (rejectedRecipients.contains(rcpt.toLowerCase(Locale.ROOT))) {
                        reply(out, "550 5.1.1 No such user");
                    } else {
                        to.add(rcpt);
                        reply(out, "250 OK");
                    }
                } else if (upper.equals("DATA")) {
                    if (from == null || to.isEmpty()) {
                        reply(out, "503 5.5.1 Bad sequence of commands");
                        continue;
                    }
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    byte[] data = readData(in);
                    if (data == null) return;
                    if (!dataDelay.isZero()) Thread.sleep(dataDelay.toMillis());
                    received.add(new Received(from, List.copyOf(to), data));
                    from = null;
                    to.clear();
                    reply(out, "250 OK queued");
                } else if (upper.equals("RSET")) {
                    from = null;
                    to.clear();
                    reply(out, "250 OK");
                } else if (upper.equals("NOOP")) {
                    reply(out, "250 OK");
                } else if (upper.equals("QUIT")) {
                    reply(out, "221 Bye");
                    return;
                } else {
                    reply(out, "502 5.5.2 Command not implemented");
                }
            }
        } catch (SocketException e) {
            // client went away
        } catch (IOException | InterruptedException e) {
            // test over
        }
    }

    private static String address(String arg) {
        String a = arg.trim();
        int lt = a.indexOf('<');
        int gt = a.indexOf('>');
        return lt >= 0 && gt > lt ? a.substring(lt + 1, gt) : a.split(" ")[0];
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One line without its CRLF (ISO-8859-1), or null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 100_000; i++) {
            int c = in.read();
            if (c < 0) return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        throw new IOException("line too long");
    }

    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < 1_000_000; i++) {
            String line = readLine(in);
            if (line == null) return null;
            if (line.equals(".")) return data.toByteArray();
            if (line.startsWith(".")) line = line.substring(1);
            data.write(line.getBytes(StandardCharsets.ISO_8859_1));
            data.write('\r');
            data.write('\n');
        }
        throw new IOException("message too long");
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : clients) s.close();
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
