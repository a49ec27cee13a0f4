-- Messages the bot sends on its own (payment alerts, reminders, digests, lookup results).
-- Written before sending, so a restart sends what was left pending; `key` names the occasion
-- ("paid:17", "reminder:17", "digest:2002:2026-01-31"), so each is queued once, ever.
CREATE TABLE notices (
    id          INTEGER PRIMARY KEY,
    key         TEXT    NOT NULL UNIQUE,
    chat_id     INTEGER NOT NULL,
    invoice_id  INTEGER REFERENCES invoices (id) ON DELETE CASCADE,  -- NULL for digests
    text        TEXT    NOT NULL,            -- HTML, rendered when queued
    keyboard    TEXT,                        -- JSON inline keyboard, or NULL
    created_at  TEXT    NOT NULL,            -- ISO 8601, UTC
    sent_at     TEXT,                        -- NULL while pending
    error       TEXT                         -- why it could not be delivered (never retried)
);
CREATE INDEX notices_pending ON notices (id) WHERE sent_at IS NULL AND error IS NULL;
-- Reminders are looked up by invoice, digests by day.
CREATE INDEX invoice_events_by_time ON invoice_events (created_at, kind);
