package io.calroom.schema.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The {@code imip_queue} table: outgoing iMIP messages, queued in the transaction of the write that caused them
 * and sent after commit by any number of workers. A row is due while {@code sent_at} is null and
 * {@code next_attempt_at} has come; a null {@code next_attempt_at} means given up.
 */
public interface ImipQueueStore {
    /** A message to queue; it is due at once. */
    record NewMail(long orgId, long senderPrincipalId, String senderAddress, String senderName,
                          String recipientAddress, String method, String ical) {}

    /** A claimed row; {@code attempts} counts this claim. */
    record ClaimedMail(long id, String method, String senderAddress, String senderName, String recipientAddress,
                              String ical, Instant createdAt, int attempts) {}

    /** Queues {@code mail}, due at {@code now}; returns the row's id. */
    long enqueue(NewMail mail, Instant now);

    /**
     * Claims up to {@code limit} rows due at {@code now}, oldest due first, skipping rows another transaction has
     * locked: counts the attempt and moves them {@code lease} ahead. Run it in a transaction of its own and commit
     * before sending, so no two workers send the same row.
     */
    List<ClaimedMail> claimDue(Instant now, int limit, Duration lease);

    /** Records that the mail server accepted row {@code id}. */
    void markSent(long id, Instant now);

    /** Records a failed attempt: the row is due again at {@code nextAttempt}, or never if it is null. */
    void markFailed(long id, Instant nextAttempt, String error);

    /** Hands claimed rows that were not tried back, due at {@code now}, their attempt not counted. */
    void release(List<Long> ids, Instant now);

    /** Deletes sent and abandoned rows queued before {@code before}; returns how many. */
    int purge(Instant before);
}
