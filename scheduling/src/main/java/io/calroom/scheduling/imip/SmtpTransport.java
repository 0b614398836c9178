package io.calroom.scheduling.imip;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

import java.time.Clock;
import java.util.Properties;

/**
 * {@link MailTransport} over SMTP with Eclipse Angus Mail (the Jakarta Mail implementation): one connection per
 * batch, STARTTLS (required, not opportunistic) or SMTPS with the server's certificate and host name checked, SMTP
 * AUTH when a user is configured. The SMTP envelope sender is the configured From address.
 * <p>
 * A 5xx answer to RCPT TO or to the message data is a permanent failure (not retried); connection, TLS and
 * authentication problems, 4xx answers and a refused MAIL FROM are temporary.
 */
public final class SmtpTransport implements MailTransport {
    private final SmtpSettings settings;
    private final Session session;
    private final Clock clock;

    public SmtpTransport(SmtpSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public SmtpTransport(SmtpSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.session = Session.getInstance(properties(settings));
    }

    /** The Jakarta Mail session properties for these settings. */
    static Properties properties(SmtpSettings s) {
        String protocol = protocol(s);
        String p = "mail." + protocol + ".";
        String timeout = Long.toString(s.timeout().toMillis());
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", protocol);
        props.setProperty(p + "host", s.host());
        props.setProperty(p + "port", Integer.toString(s.port()));
        props.setProperty(p + "connectiontimeout", timeout);
        props.setProperty(p + "timeout", timeout);
        props.setProperty(p + "writetimeout", timeout);
        props.setProperty(p + "from", s.fromAddress());
        props.setProperty(p + "auth", Boolean.toString(s.username() != null));
        switch (s.tls()) {
            case STARTTLS -> {
                props.setProperty(p + "starttls.enable", "true");
                props.setProperty(p + "starttls.required", "true");
                props.setProperty(p + "ssl.checkserveridentity", "true");
            }
            case SMTPS -> {
                props.setProperty(p + "ssl.enable", "true");
                props.setProperty(p + "ssl.checkserveridentity", "true");
            }
            case NONE -> {
                props.setProperty(p + "starttls.enable", "false");
            }
        }
        // Angus Mail's default for TLS is the JVM's default protocols (TLS 1.2 and 1.3 on Java 17).
        return props;
    }

    private static String protocol(SmtpSettings s) {
        return s.tls() == SmtpSettings.TlsMode.SMTPS ? "smtps" : "smtp";
    }

    @Override
    public MailSession open() throws MailDeliveryException {
        Transport transport;
        try {
            transport = session.getTransport(protocol(settings));
        } catch (MessagingException e) {
            throw new MailDeliveryException("no SMTP transport: " + e.getMessage(), false, e);
        }
        connect(transport);
        return new MailSession() {
            @Override
            public void send(QueuedMail mail) throws MailDeliveryException {
                MimeMessage message;
                Address to;
                try {
                    message = ImipMessages.build(session, mail, settings, clock.instant());
                    to = new InternetAddress(mail.recipientAddress(), true);
                } catch (MessagingException e) {
                    throw new MailDeliveryException("cannot build the message: " + e.getMessage(), true, e);
                }
                if (!transport.isConnected()) connect(transport);
                try {
                    transport.sendMessage(message, new Address[] {to});
                } catch (MessagingException e) {
                    throw new MailDeliveryException(describe(e), isPermanent(e), e);
                }
            }

            @Override
            public void close() {
                try {
                    transport.close();
                } catch (MessagingException | RuntimeException ignored) {
                    // the connection is going away anyway
                }
            }
        };
    }

    private void connect(Transport transport) throws MailDeliveryException {
        try {
            transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
        } catch (AuthenticationFailedException e) {
            throw new MailDeliveryException("SMTP authentication failed at " + settings.host() + ":" + settings.port()
                    + ": " + e.getMessage(), false, e);
        } catch (MessagingException e) {
            throw new MailDeliveryException("cannot connect to SMTP server " + settings.host() + ":" + settings.port()
                    + ": " + describe(e), false, e);
        }
    }

    /** A 5xx answer to RCPT TO or to the data; everything else may work later. */
    static boolean isPermanent(MessagingException e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 8; depth++) {
            if (t instanceof SMTPSenderFailedException) return false;
            if (t instanceof SMTPAddressFailedException a && a.getReturnCode() >= 500) return true;
            if (t instanceof SMTPSendFailedException f && f.getReturnCode() >= 500 && !isSenderRefusal(f)) return true;
            t = t.getCause() == t ? null : t.getCause(); // MessagingException's cause is its next exception
        }
        return false;
    }

    private static boolean isSenderRefusal(SMTPSendFailedException f) {
        return f.getCommand() != null && f.getCommand().toUpperCase(java.util.Locale.ROOT).startsWith("MAIL FROM");
    }

    /** The exception's message with the messages it wraps, on one line. */
    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 4; depth++) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (b.indexOf(m) < 0) {
                if (b.length() > 0) b.append(": ");
                b.append(m);
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return MessageDescription.oneLine(b.toString());
    }
}
