-- The invoice log: one row per invoice request, written before PayKeeper is called.
CREATE TABLE invoices (
    id            INTEGER PRIMARY KEY,
    order_id      TEXT    NOT NULL UNIQUE,   -- ours; PayKeeper's notifications link back by it
    manager_id    INTEGER NOT NULL,
    manager_name  TEXT    NOT NULL,
    amount        TEXT    NOT NULL,          -- exact decimal text, "1500.00"
    client_email  TEXT,
    client_phone  TEXT,
    client_name   TEXT,
    service_name  TEXT    NOT NULL,
    last_day      TEXT,                      -- last day payable (ISO date), NULL = no expiry
    delivery      TEXT    NOT NULL CHECK (delivery IN ('email', 'link')),
    status        TEXT    NOT NULL CHECK (status IN
                    ('requested', 'created', 'sent', 'paid', 'expired', 'cancelled', 'failed')),
    paykeeper_id  TEXT    UNIQUE,
    invoice_url   TEXT,
    error         TEXT,                      -- PayKeeper's message or what failed
    payment_id    TEXT,
    paid_at       TEXT,
    created_at    TEXT    NOT NULL,          -- ISO 8601, UTC
    updated_at    TEXT    NOT NULL
);
CREATE INDEX invoices_by_manager ON invoices (manager_id, id DESC);
CREATE INDEX invoices_by_status ON invoices (status);

-- What happened to each invoice, and who did it.
CREATE TABLE invoice_events (
    id          INTEGER PRIMARY KEY,
    invoice_id  INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    actor_id    INTEGER,                     -- Telegram user id; NULL for PayKeeper or the bot
    detail      TEXT,
    created_at  TEXT    NOT NULL
);
CREATE INDEX invoice_events_by_invoice ON invoice_events (invoice_id, id);
