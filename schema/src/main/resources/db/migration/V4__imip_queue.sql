-- Outbound iMIP (RFC 6047): iTIP messages for calendar users outside the server. A row is
-- written in the transaction of the calendar write that produced the message, so a write that
-- rolls back leaves no mail behind; a background worker sends the rows after commit.
--
-- A row is pending while sent_at IS NULL and next_attempt_at IS NOT NULL; it is due once
-- next_attempt_at has passed. A worker claims due rows (SELECT ... FOR UPDATE SKIP LOCKED),
-- counts the attempt and moves next_attempt_at past a lease, then sends: on success it sets
-- sent_at, on failure it sets next_attempt_at to the back-off time, or to NULL when it gives up
-- (last_error keeps the reason). Old sent and abandoned rows are purged by the worker.
CREATE TABLE imip_queue (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id               bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    sender_principal_id  bigint REFERENCES principals(id) ON DELETE SET NULL,
    -- the originator's e-mail address (REQUEST/CANCEL: the organizer, REPLY: the attendee),
    -- used as Reply-To; NULL when the originator has no e-mail address
    sender_address       text,
    -- the originator's name, shown as the display name of From
    sender_name          text,
    -- the recipient's bare e-mail address (no mailto:)
    recipient_address    text NOT NULL CHECK (position('@' in recipient_address) > 1),
    method               text NOT NULL CHECK (method IN ('PUBLISH', 'REQUEST', 'REPLY', 'ADD', 'CANCEL', 'REFRESH',
                                                         'COUNTER', 'DECLINECOUNTER')),
    -- the iCalendar object with its METHOD property, CRLF line endings
    ical                 text NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    attempts             integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at      timestamptz DEFAULT now(),
    sent_at              timestamptz,
    last_error           text
);

-- The worker's claim: due rows among the pending ones, oldest first.
CREATE INDEX imip_queue_pending_idx ON imip_queue (next_attempt_at)
    WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL;
-- For ON DELETE SET NULL when a principal is deleted.
CREATE INDEX imip_queue_sender_idx ON imip_queue (sender_principal_id);
