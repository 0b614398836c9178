package io.calroom.schema.store;

import io.calroom.schema.jooq.tables.records.ImipQueueRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.calroom.schema.jooq.Tables.IMIP_QUEUE;

/** The PostgreSQL (jOOQ) implementation of {@link ImipQueueStore}. */
public final class JooqImipQueueStore implements ImipQueueStore {
    private final DSLContext db;

    public JooqImipQueueStore(DSLContext db) {
        this.db = db;
    }

    @Override
    public long enqueue(NewMail mail, Instant now) {
        return db.insertInto(IMIP_QUEUE)
                .set(IMIP_QUEUE.ORG_ID, mail.orgId())
                .set(IMIP_QUEUE.SENDER_PRINCIPAL_ID, mail.senderPrincipalId())
                .set(IMIP_QUEUE.SENDER_ADDRESS, mail.senderAddress())
                .set(IMIP_QUEUE.SENDER_NAME, mail.senderName())
                .set(IMIP_QUEUE.RECIPIENT_ADDRESS, mail.recipientAddress())
                .set(IMIP_QUEUE.METHOD, mail.method())
                .set(IMIP_QUEUE.ICAL, mail.ical())
                .set(IMIP_QUEUE.ATTEMPTS, 0)
                .set(IMIP_QUEUE.NEXT_ATTEMPT_AT, now.atOffset(ZoneOffset.UTC))
                .returning(IMIP_QUEUE.ID)
                .fetchOne(IMIP_QUEUE.ID);
    }

    @Override
    public List<ClaimedMail> claimDue(Instant now, int limit, Duration lease) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        List<ImipQueueRecord> rows = db.selectFrom(IMIP_QUEUE)
                .where(IMIP_QUEUE.SENT_AT.isNull(), IMIP_QUEUE.NEXT_ATTEMPT_AT.le(at))
                .orderBy(IMIP_QUEUE.NEXT_ATTEMPT_AT, IMIP_QUEUE.ID)
                .limit(limit)
                .forUpdate().skipLocked()
                .fetch();
        if (rows.isEmpty()) return List.of();
        List<Long> ids = rows.stream().map(ImipQueueRecord::getId).toList();
        db.update(IMIP_QUEUE)
                .set(IMIP_QUEUE.ATTEMPTS, IMIP_QUEUE.ATTEMPTS.plus(1))
                .set(IMIP_QUEUE.NEXT_ATTEMPT_AT, at.plus(lease))
                .where(IMIP_QUEUE.ID.in(ids))
                .execute();
        List<ClaimedMail> out = new ArrayList<>(rows.size());
        for (ImipQueueRecord r : rows) {
            out.add(new ClaimedMail(r.getId(), r.getMethod(), r.getSenderAddress(), r.getSenderName(),
                    r.getRecipientAddress(), r.getIcal(), r.getCreatedAt().toInstant(), r.getAttempts() + 1));
        }
        return out;
    }

    @Override
    public void markSent(long id, Instant now) {
        db.update(IMIP_QUEUE)
                .set(IMIP_QUEUE.SENT_AT, now.atOffset(ZoneOffset.UTC))
                .set(IMIP_QUEUE.LAST_ERROR, (String) null)
                .where(IMIP_QUEUE.ID.eq(id), IMIP_QUEUE.SENT_AT.isNull())
                .execute();
    }

    @Override
    public void markFailed(long id, Instant nextAttempt, String error) {
        db.update(IMIP_QUEUE)
                .set(IMIP_QUEUE.NEXT_ATTEMPT_AT, nextAttempt == null ? null : nextAttempt.atOffset(ZoneOffset.UTC))
                .set(IMIP_QUEUE.LAST_ERROR, error)
                .where(IMIP_QUEUE.ID.eq(id), IMIP_QUEUE.SENT_AT.isNull())
                .execute();
    }

    @Override
    public void release(List<Long> ids, Instant now) {
        db.update(IMIP_QUEUE)
                .set(IMIP_QUEUE.ATTEMPTS, DSL.greatest(IMIP_QUEUE.ATTEMPTS.minus(1), DSL.inline(0)))
                .set(IMIP_QUEUE.NEXT_ATTEMPT_AT, now.atOffset(ZoneOffset.UTC))
                .where(IMIP_QUEUE.ID.in(ids), IMIP_QUEUE.SENT_AT.isNull())
                .execute();
    }

    @Override
    public int purge(Instant before) {
        return db.deleteFrom(IMIP_QUEUE)
                .where(IMIP_QUEUE.CREATED_AT.lt(before.atOffset(ZoneOffset.UTC)))
                .and(IMIP_QUEUE.SENT_AT.isNotNull().or(IMIP_QUEUE.NEXT_ATTEMPT_AT.isNull()))
                .execute();
    }
}
