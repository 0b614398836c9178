package io.calroom.scheduling.imip;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * Builds the RFC 6047 e-mail for one queued iTIP message:
 * <pre>
 * multipart/mixed
 *   multipart/alternative
 *     text/plain; charset=UTF-8                                  what a person reads (summary, when, where, organizer)
 *     text/calendar; charset=UTF-8; method=REQUEST; component=VEVENT   the iMIP part (base64)
 *   application/ics; name="invite.ics"  (attachment)            the same object, for mail programs without iMIP
 * </pre>
 * The attachment is {@code application/ics}, not {@code text/calendar}: a part without the {@code method} parameter is
 * no iMIP part (RFC 6047 §2.4 note 2), so calendar programs process the message once, and people whose mail program
 * ignores text/calendar still get a file to import. Both calendar parts are base64 (RFC 6047 §2.5): the iCalendar
 * bytes, CRLFs and UTF-8 arrive unchanged over any transport.
 * <p>
 * Headers: {@code From} is the configured sender address with the originator's name as display name (the server
 * sends the mail, so the originator's own domain's SPF/DMARC is not at stake); {@code Reply-To} is the originator's
 * address (RFC 6047 §2: the organizer for REQUEST/CANCEL, the attendee for REPLY), so that a person answering by mail
 * reaches them. No {@code Sender}: it would repeat From (RFC 5322 §3.6.2). The {@code Message-ID} is derived from the
 * queue row, so a retried message keeps its id.
 */
public final class ImipMessages {

    /** RFC 5322 §3.3 date-time: English day and month names whatever the JVM's locale, numeric offset. */
    private static final java.time.format.DateTimeFormatter MAIL_DATE =
            java.time.format.DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private ImipMessages() {
    }

    /** Builds the message; {@link MessagingException} when an address cannot be used. */
    public static MimeMessage build(Session session, QueuedMail mail, SmtpSettings smtp, Instant now) throws MessagingException {
        MessageDescription facts = MessageDescription.of(mail.ical());
        String method = mail.method().toUpperCase(Locale.ROOT);
        String messageId = "<imip." + mail.id() + "." + mail.createdAt().toEpochMilli() + "@" + smtp.fromDomain() + ">";
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        String originatorName = MessageDescription.oneLine(mail.senderName());
        message.setFrom(address(smtp.fromAddress(), originatorName == null || originatorName.isBlank() ? smtp.fromName() : originatorName));
        if (mail.senderAddress() != null) {
            message.setReplyTo(new InternetAddress[] {address(mail.senderAddress(), originatorName)});
        }
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.recipientAddress(), true));
        message.setSubject(subject(method, facts, mail), "UTF-8");
        // RFC 5322 §3.3, written in UTC: Jakarta Mail's setSentDate would use the JVM's default time zone
        message.setHeader("Date", MAIL_DATE.format(now.atOffset(java.time.ZoneOffset.UTC)));

        MimeBodyPart text = new MimeBodyPart();
        text.setText(body(method, facts, mail), "UTF-8");

        byte[] ical = mail.ical().getBytes(StandardCharsets.UTF_8);
        MimeBodyPart calendar = new MimeBodyPart();
        String calendarType = "text/calendar; charset=UTF-8; method=" + method + "; component=" + facts.componentType();
        calendar.setDataHandler(new DataHandler(new ByteArrayDataSource(ical, calendarType)));
        calendar.setHeader("Content-Type", calendarType);
        calendar.setHeader("Content-Transfer-Encoding", "base64");

        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(calendar);
        MimeBodyPart alternativePart = new MimeBodyPart();
        alternativePart.setContent(alternative);

        String fileName = fileName(method);
        MimeBodyPart attachment = new MimeBodyPart();
        String attachmentType = "application/ics; name=\"" + fileName + "\"";
        attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(ical, attachmentType)));
        attachment.setHeader("Content-Type", attachmentType);
        attachment.setDisposition(Part.ATTACHMENT);
        attachment.setFileName(fileName);
        attachment.setHeader("Content-Transfer-Encoding", "base64");

        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(alternativePart);
        mixed.addBodyPart(attachment);
        message.setContent(mixed);
        message.saveChanges();
        return message;
    }

    static String fileName(String method) {
        return switch (method) {
            case "CANCEL" -> "cancel.ics";
            case "REPLY" -> "reply.ics";
            default -> "invite.ics";
        };
    }

    /** E.g. "Invitation: Weekly planning @ Mon 15 Jan 2024 10:00–11:00 (Europe/Berlin)". */
    static String subject(String method, MessageDescription facts, QueuedMail mail) {
        String title = facts.summary() == null ? "(no title)" : facts.summary();
        String at = facts.when() == null ? "" : " @ " + facts.when();
        String subject = switch (method) {
            case "REQUEST" -> (facts.sequence() > 0 ? "Updated invitation: " : "Invitation: ") + title + at;
            case "CANCEL" -> (facts.oneOccurrence() ? "Cancelled occurrence: " : "Cancelled: ") + title + at;
            case "REPLY" -> {
                MessageDescription.Person who = facts.attendee(mail.senderAddress());
                String name = who != null ? who.shortName() : mail.senderName() != null ? mail.senderName() : mail.senderAddress();
                yield answer(who) + ": " + title + at + (name == null ? "" : " (" + name + ")");
            }
            case "COUNTER" -> "New time proposed: " + title + at;
            default -> "Calendar message: " + title + at;
        };
        subject = MessageDescription.oneLine(subject);
        return subject.length() > 200 ? subject.substring(0, 199) + "…" : subject;
    }

    private static String answer(MessageDescription.Person who) {
        String partstat = who == null || who.partstat() == null ? "" : who.partstat();
        return switch (partstat) {
            case "ACCEPTED" -> "Accepted";
            case "DECLINED" -> "Declined";
            case "TENTATIVE" -> "Tentatively accepted";
            case "DELEGATED" -> "Delegated";
            default -> "Reply";
        };
    }

    /** The text/plain alternative. */
    static String body(String method, MessageDescription facts, QueuedMail mail) {
        MessageDescription.Person organizer = facts.organizer();
        String organizerName = organizer != null ? organizer.shortName()
                : mail.senderName() != null ? mail.senderName() : "The organizer";
        String kind = facts.componentType().equals("VTODO") ? "task" : "event";
        StringBuilder b = new StringBuilder();
        switch (method) {
            case "REQUEST" -> b.append(organizerName).append(facts.sequence() > 0
                    ? " has sent you an updated invitation to this " + kind + "."
                    : " has invited you to this " + kind + ".");
            case "CANCEL" -> b.append(organizerName).append(facts.oneOccurrence()
                    ? " has cancelled one occurrence of this " + kind + "."
                    : " has cancelled this " + kind + ".");
            case "REPLY" -> {
                MessageDescription.Person who = facts.attendee(mail.senderAddress());
                String name = who != null ? who.shortName() : mail.senderName() != null ? mail.senderName() : "An attendee";
                b.append(name).append(switch (answer(who)) {
                    case "Accepted" -> " has accepted your invitation.";
                    case "Declined" -> " has declined your invitation.";
                    case "Tentatively accepted" -> " has tentatively accepted your invitation.";
                    case "Delegated" -> " has delegated your invitation to someone else.";
                    default -> " has replied to your invitation.";
                });
            }
            default -> b.append("A calendar message (").append(method).append(") about this ").append(kind).append('.');
        }
        b.append("\n\n");
        line(b, "Title", facts.summary() == null ? "(no title)" : facts.summary());
        if (facts.when() != null) line(b, "When", facts.when() + (facts.recurring() ? ", repeating" : ""));
        line(b, "Where", facts.location());
        if (organizer != null) line(b, "Organizer", organizer.label());
        if (method.equals("REPLY")) {
            MessageDescription.Person who = facts.attendee(mail.senderAddress());
            if (who != null) line(b, "Attendee", who.label());
        }
        if (facts.description() != null) {
            String d = facts.description().strip();
            if (d.length() > 4000) d = d.substring(0, 4000) + "…";
            b.append("\n").append(d).append("\n");
        }
        b.append("\n-- \n");
        b.append(switch (method) {
            case "REQUEST" -> "Your calendar program can add this " + kind + " and send your answer from this message;\n"
                    + "the attached " + fileName(method) + " can be imported into any calendar.";
            case "CANCEL" -> "Your calendar program can remove this " + kind + " from your calendar with this message.";
            case "REPLY" -> "Your calendar program can record this answer with this message.";
            default -> "Your calendar program can process this message.";
        });
        b.append('\n');
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        if (value == null || value.isBlank()) return;
        b.append(label).append(':').append(" ".repeat(Math.max(1, 10 - label.length())))
                .append(value.replace("\r", "").replace("\n", "\n" + " ".repeat(11))).append('\n');
    }

    private static InternetAddress address(String address, String name) throws MessagingException {
        InternetAddress a = new InternetAddress(address, true);
        if (name != null && !name.isBlank()) {
            try {
                a.setPersonal(name.length() > 100 ? name.substring(0, 100) : name, "UTF-8");
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return a;
    }
}
