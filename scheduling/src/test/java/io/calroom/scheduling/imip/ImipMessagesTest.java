package io.calroom.scheduling.imip;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;

import static io.calroom.scheduling.imip.ImipFixtures.FROM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RFC 6047 message as a receiving mail program parses it. */
class ImipMessagesTest {
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final SmtpSettings SMTP = SmtpSettings.plain("127.0.0.1", 25, FROM);
    private static final Instant CREATED = Instant.parse("2024-01-12T08:30:00Z");

    /** Builds, writes to bytes and parses again, as the receiving side sees it. */
    static MimeMessage roundTrip(QueuedMail mail) throws Exception {
        MimeMessage built = ImipMessages.build(SESSION, mail, SMTP, CREATED);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        built.writeTo(out);
        return new MimeMessage(SESSION, new ByteArrayInputStream(out.toByteArray()));
    }

    /** The multipart/alternative's text/calendar part. */
    static BodyPart calendarPart(MimeMessage m) throws Exception {
        Multipart mixed = (Multipart) m.getContent();
        Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
        return alternative.getBodyPart(1);
    }

    static String bodyText(MimeMessage m) throws Exception {
        Multipart mixed = (Multipart) m.getContent();
        Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
        return ((String) alternative.getBodyPart(0).getContent()).replace("\r\n", "\n");
    }

    static byte[] bytes(Part p) throws Exception {
        try (InputStream in = p.getInputStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void requestIsMultipartWithTextCalendarAndAnIcsAttachment() throws Exception {
        String ical = ImipFixtures.request("uid-1", "erin@partner.example");
        MimeMessage m = roundTrip(new QueuedMail(42, "REQUEST", "olga@example.com", "Olga Organizer",
                "erin@partner.example", ical, CREATED, 1));

        InternetAddress from = (InternetAddress) m.getFrom()[0];
        assertEquals(FROM, from.getAddress());
        assertEquals("Olga Organizer", from.getPersonal());
        InternetAddress replyTo = (InternetAddress) m.getReplyTo()[0];
        assertEquals("olga@example.com", replyTo.getAddress());
        assertEquals("Olga Organizer", replyTo.getPersonal());
        assertNull(m.getHeader("Sender"));
        assertEquals("erin@partner.example", ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress());
        assertEquals("<imip.42." + CREATED.toEpochMilli() + "@calroom.example.com>", m.getMessageID());
        assertEquals("Invitation: Weekly planning – Café Zürich @ Mon 15 Jan 2024 10:00–11:00 (Europe/Berlin)", m.getSubject());
        assertEquals(CREATED.toEpochMilli(), m.getSentDate().getTime());
        assertEquals("1.0", m.getHeader("MIME-Version")[0]);

        assertTrue(new ContentType(m.getContentType()).match("multipart/mixed"), m.getContentType());
        Multipart mixed = (Multipart) m.getContent();
        assertEquals(2, mixed.getCount());
        assertTrue(new ContentType(mixed.getBodyPart(0).getContentType()).match("multipart/alternative"));
        Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
        assertEquals(2, alternative.getCount());

        BodyPart text = alternative.getBodyPart(0);
        ContentType textType = new ContentType(text.getContentType());
        assertTrue(textType.match("text/plain"));
        assertEquals("UTF-8", textType.getParameter("charset").toUpperCase());

        BodyPart calendar = alternative.getBodyPart(1);
        ContentType calendarType = new ContentType(calendar.getContentType());
        assertTrue(calendarType.match("text/calendar"), calendar.getContentType());
        assertEquals("REQUEST", calendarType.getParameter("method"));
        assertEquals("UTF-8", calendarType.getParameter("charset"));
        assertEquals("VEVENT", calendarType.getParameter("component"));
        assertEquals("base64", ((MimeBodyPart) calendar).getEncoding());
        assertArrayEquals(ical.getBytes(StandardCharsets.UTF_8), bytes(calendar), "the iCalendar bytes arrive unchanged");

        BodyPart attachment = mixed.getBodyPart(1);
        assertTrue(new ContentType(attachment.getContentType()).match("application/ics"), attachment.getContentType());
        assertEquals(Part.ATTACHMENT, attachment.getDisposition());
        assertEquals("invite.ics", attachment.getFileName());
        assertNull(new ContentType(attachment.getContentType()).getParameter("method"), "only one iMIP part");
        assertArrayEquals(ical.getBytes(StandardCharsets.UTF_8), bytes(attachment));

        String body = ((String) text.getContent()).replace("\r\n", "\n"); // MIME text has CRLF line ends
        assertTrue(body.startsWith("Olga Organizer has invited you to this event."), body);
        assertTrue(body.contains("Title:     Weekly planning – Café Zürich\n"), body);
        assertTrue(body.contains("When:      Mon 15 Jan 2024 10:00–11:00 (Europe/Berlin), repeating\n"), body);
        assertTrue(body.contains("Where:     Room Galileo\n"), body);
        assertTrue(body.contains("Organizer: Olga Organizer <olga@example.com>\n"), body);
        assertTrue(body.contains("Agenda: status, risks, next steps"), body);
    }

    @Test
    void cancelSaysSo() throws Exception {
        String ical = ImipFixtures.cancel("uid-2", "erin@partner.example");
        MimeMessage m = roundTrip(new QueuedMail(7, "CANCEL", "olga@example.com", "Olga Organizer",
                "erin@partner.example", ical, CREATED, 1));
        assertEquals("Cancelled: Weekly planning @ Mon 15 Jan 2024 09:00–10:00 (UTC)", m.getSubject());
        assertEquals("CANCEL", new ContentType(calendarPart(m).getContentType()).getParameter("method"));
        assertTrue(bodyText(m).startsWith("Olga Organizer has cancelled this event."), bodyText(m));
        assertEquals("cancel.ics", ((Multipart) m.getContent()).getBodyPart(1).getFileName());
        assertEquals("olga@example.com", ((InternetAddress) m.getReplyTo()[0]).getAddress());
    }

    @Test
    void replyComesFromTheAttendee() throws Exception {
        String ical = ImipFixtures.reply("uid-3", "oscar@outside.example", "DECLINED");
        MimeMessage m = roundTrip(new QueuedMail(8, "REPLY", "olga@example.com", "Olga Organizer",
                "oscar@outside.example", ical, CREATED, 1));
        assertEquals("Declined: Offsite @ Sat 20 Jan 2024 – Sun 21 Jan 2024 (all day) (Olga Organizer)", m.getSubject());
        assertEquals("REPLY", new ContentType(calendarPart(m).getContentType()).getParameter("method"));
        assertEquals("olga@example.com", ((InternetAddress) m.getReplyTo()[0]).getAddress(), "Reply-To is the attendee");
        assertEquals("Olga Organizer", ((InternetAddress) m.getFrom()[0]).getPersonal());
        String body = bodyText(m);
        assertTrue(body.startsWith("Olga Organizer has declined your invitation."), body);
        assertTrue(body.contains("Organizer: Oscar Outside <oscar@outside.example>"), body);
        assertTrue(body.contains("Attendee:  Olga Organizer <olga@example.com>"), body);
    }

    @Test
    void acceptedAndTentativeReplies() throws Exception {
        assertTrue(roundTrip(new QueuedMail(9, "REPLY", "olga@example.com", null, "oscar@outside.example",
                ImipFixtures.reply("u", "oscar@outside.example", "ACCEPTED"), CREATED, 1)).getSubject().startsWith("Accepted: Offsite"));
        assertTrue(roundTrip(new QueuedMail(9, "REPLY", "olga@example.com", null, "oscar@outside.example",
                ImipFixtures.reply("u", "oscar@outside.example", "TENTATIVE"), CREATED, 1)).getSubject().startsWith("Tentatively accepted: "));
    }

    @Test
    void withoutAnOriginatorAddressThereIsNoReplyToAndTheConfiguredName() throws Exception {
        MimeMessage m = roundTrip(new QueuedMail(10, "REQUEST", null, null, "erin@partner.example",
                ImipFixtures.request("u", "erin@partner.example"), CREATED, 1));
        assertEquals("Calroom", ((InternetAddress) m.getFrom()[0]).getPersonal());
        assertNull(m.getHeader("Reply-To"));
    }

    @Test
    void updatedInvitation() throws Exception {
        String ical = ImipFixtures.request("u", "erin@partner.example").replace("SEQUENCE:0", "SEQUENCE:2");
        MimeMessage m = roundTrip(new QueuedMail(11, "REQUEST", "olga@example.com", "Olga", "erin@partner.example", ical, CREATED, 1));
        assertTrue(m.getSubject().startsWith("Updated invitation: "), m.getSubject());
    }

    @Test
    void headerInjectionIsImpossible() throws Exception {
        String ical = ImipFixtures.request("u", "erin@partner.example")
                .replace("SUMMARY:Weekly planning – Café Zürich", "SUMMARY:Hi\\nBcc: victim@example.com");
        MimeMessage m = roundTrip(new QueuedMail(12, "REQUEST", "olga@example.com", "Olga\r\nBcc: x@example.com",
                "erin@partner.example", ical, CREATED, 1));
        assertNull(m.getHeader("Bcc"));
        assertTrue(m.getSubject().startsWith("Invitation: Hi Bcc: victim@example.com"), m.getSubject());
    }

    @Test
    void factsOfTasksAndOddTimes() {
        MessageDescription f = MessageDescription.of(ImipFixtures.crlf("""
                BEGIN:VCALENDAR
                METHOD:REQUEST
                BEGIN:VTODO
                UID:t
                DUE;TZID=/mozilla.org/20050126_1/America/New_York:20240301T170000
                SUMMARY:File report
                END:VTODO
                END:VCALENDAR
                """));
        assertEquals("VTODO", f.componentType());
        assertEquals("due Fri 1 Mar 2024 17:00 (America/New_York)", f.when());

        MessageDescription d = MessageDescription.of(ImipFixtures.crlf("""
                BEGIN:VCALENDAR
                METHOD:REQUEST
                BEGIN:VEVENT
                UID:e
                DTSTART:20240301T230000
                DURATION:PT2H
                END:VEVENT
                END:VCALENDAR
                """));
        assertEquals("Fri 1 Mar 2024 23:00 – Sat 2 Mar 2024 01:00", d.when(), "floating, over midnight");
        assertNull(d.summary());
        assertEquals("REQUEST", d.method());

        assertEquals("", MessageDescription.of("not iCalendar").method());
    }
}
