package io.calroom.scheduling.imip;

import io.calroom.scheduling.SchedulingStores;
import io.calroom.principal.Principal;
import io.calroom.scheduling.delivery.ExternalDelivery;
import io.calroom.scheduling.delivery.ScheduleStatus;
import io.calroom.scheduling.itip.Addresses;
import io.calroom.scheduling.itip.ItipMessage;
import io.calroom.schema.store.ImipQueueStore;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link ExternalDelivery} of iMIP: {@link #enqueue} writes the message to the {@code imip_queue} table in the
 * caller's transaction (so a write that rolls back sends nothing) and answers 1.1 ("sent", RFC 6638 §3.2.9); an
 * {@link ImipWorker} sends it after commit. Addresses in the resource domain are never queued, nor anything that is
 * not a plain {@code mailto:} address.
 */
public final class ImipQueue implements ExternalDelivery {
    private static final Logger log = LoggerFactory.getLogger(ImipQueue.class);
    /** RFC 6638 SCHEDULE-STATUS 1.1: the message has been sent (queued for e-mail); no delivery confirmation. */
    public static final String SENT = "1.1";
    private static final Set<String> METHODS = Set.of("PUBLISH", "REQUEST", "REPLY", "ADD", "CANCEL", "REFRESH",
            "COUNTER", "DECLINECOUNTER");

    private final ImipSettings settings;
    private final Clock clock;
    private final SchedulingStores stores;

    public ImipQueue(SchedulingStores stores, ImipSettings settings) {
        this(stores, settings, Clock.systemUTC());
    }

    /** @param clock gives the first {@code next_attempt_at}; use the worker's clock */
    public ImipQueue(SchedulingStores stores, ImipSettings settings, Clock clock) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * Queues the message in the caller's transaction. Returns 1.1 when queued, 3.7 (invalid calendar user) for an address that is
     * no e-mail address or is in the resource domain, 5.1 when iMIP is off or the message is unusable.
     */
    @Override
    public String enqueue(Principal sender, ItipMessage message) {
        Objects.requireNonNull(sender, "sender");
        if (!settings.enabled()) {
            log.warn("iMIP {} from principal {} not queued: iMIP is off", message.method(), sender.id());
            return ScheduleStatus.DELIVERY_FAILED;
        }
        String method = message.method() == null ? "" : message.method().trim().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            log.warn("iMIP {} from principal {} not queued: not an iTIP method", method, sender.id());
            return ScheduleStatus.DELIVERY_FAILED;
        }
        String recipient = mailbox(message.recipient());
        if (recipient == null) return ScheduleStatus.INVALID_USER;
        if (isResourceAddress(recipient)) {
            // Defence in depth: the scheduler does not hand these over either. Rooms are never e-mailed.
            log.debug("iMIP {} from principal {} not queued: {} is a resource address", method, sender.id(), recipient);
            return ScheduleStatus.INVALID_USER;
        }
        if (message.ical() == null || message.ical().isBlank()) return ScheduleStatus.DELIVERY_FAILED;
        MessageDescription facts = MessageDescription.of(message.ical());
        if (!facts.method().equals(method)) {
            // RFC 6047 §2.4: the Content-Type method parameter MUST equal the object's METHOD.
            log.warn("iMIP {} from principal {} not queued: the object's METHOD is '{}'", method, sender.id(), facts.method());
            return ScheduleStatus.DELIVERY_FAILED;
        }
        String senderAddress = mailbox(message.sender());
        if (senderAddress == null) senderAddress = mailbox(sender.email());
        String senderName = senderName(sender, facts, method, senderAddress);

        long id = stores.imipQueue().enqueue(new ImipQueueStore.NewMail(sender.orgId(), sender.id(), senderAddress,
                senderName, recipient, method, message.ical()), clock.instant());
        log.debug("iMIP {} #{} queued from principal {} to {}", method, id, sender.id(), recipient);
        return SENT;
    }

    /** True for an address whose domain is the resource domain. */
    boolean isResourceAddress(String mailbox) {
        int at = mailbox.lastIndexOf('@');
        return at >= 0 && mailbox.substring(at + 1).toLowerCase(Locale.ROOT).equals(settings.resourceDomain());
    }

    /**
     * The bare e-mail address of a {@code mailto:} calendar-user address (or of a bare e-mail address), lower-case;
     * {@code null} for any other address or one that is no valid RFC 822 address.
     */
    static String mailbox(String calAddress) {
        if (calAddress == null || calAddress.isBlank()) return null;
        String a = Addresses.normalize(calAddress);
        if (a == null || !a.startsWith("mailto:")) return null;
        String box = a.substring("mailto:".length()).trim();
        int at = box.lastIndexOf('@');
        if (at < 1 || at == box.length() - 1 || box.length() > 254) return null;
        try {
            InternetAddress parsed = new InternetAddress(box, true);
            if (parsed.getPersonal() != null || !box.equals(parsed.getAddress()) || parsed.isGroup()) return null;
        } catch (AddressException e) {
            return null;
        }
        return box;
    }

    /** The principal's display name, else the CN the object gives the originator, else the principal's name. */
    private static String senderName(Principal sender, MessageDescription facts, String method, String senderAddress) {
        if (sender.displayName() != null && !sender.displayName().isBlank()) return MessageDescription.oneLine(sender.displayName());
        MessageDescription.Person p = method.equals("REPLY") || method.equals("COUNTER") || method.equals("REFRESH")
                ? facts.attendee(senderAddress) : facts.organizer();
        if (p != null && p.name() != null) return p.name();
        return sender.name();
    }
}
