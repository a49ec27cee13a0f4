-- Payment messages posted through inline mode into someone else's chat: the bot may edit them
-- (by inline_message_id) when their invoice is paid, expires or is cancelled.
CREATE TABLE inline_messages (
    invoice_id         INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    inline_message_id  TEXT    NOT NULL,
    created_at         TEXT    NOT NULL,
    PRIMARY KEY (invoice_id, inline_message_id)
);
-- A notice that edits such a message instead of sending one to chat_id (whose access still
-- decides whether it goes out).
ALTER TABLE notices ADD COLUMN inline_message_id TEXT;
