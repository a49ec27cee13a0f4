-- One ledger of money movements, kept in step with PayKeeper's own records: every payment by
-- card, cash payment, second payment and refund of an invoice, made by the bot or in
-- PayKeeper's cabinet. Everything that shows money reads it.
CREATE TABLE movements (
    id            INTEGER PRIMARY KEY,
    invoice_id    INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('payment', 'cash', 'refund')),
    amount        TEXT    NOT NULL,          -- exact decimal text, always positive
    paykeeper_id  TEXT    NOT NULL,          -- the payment's id; a refund's own (or synthetic) id
    payment_id    TEXT,                      -- a refund: the payment it returns; else paykeeper_id
    moved_at      TEXT    NOT NULL,          -- YYYY-MM-DDTHH:MM:SS+00:00: when the money moved
    source        TEXT    NOT NULL
                  CHECK (source IN ('notification', 'reconciliation', 'bot', 'cabinet')),
    in_progress   INTEGER NOT NULL DEFAULT 0 CHECK (in_progress IN (0, 1)),  -- refund under way
    request_id    INTEGER REFERENCES money_requests (id) ON DELETE SET NULL,  -- the bot's request
    recorded_at   TEXT    NOT NULL,
    UNIQUE (kind, paykeeper_id)
);
CREATE INDEX movements_by_time ON movements (moved_at, id);
CREATE INDEX movements_by_invoice ON movements (invoice_id, id);

-- A refund waiting for its confirmation: what, of which payment, how much and who asked. The
-- button carries only the key; pressing it loads this row and checks everything again.
CREATE TABLE refund_confirmations (
    key           TEXT    PRIMARY KEY,
    invoice_id    INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    payment_id    TEXT    NOT NULL,
    amount        TEXT    NOT NULL,
    actor_id      INTEGER NOT NULL,
    created_at    TEXT    NOT NULL
);

-- The money an upgraded database already knew, so that it shows the same sums.
-- Cash first: an invoice paid in cash is not also a card payment.
INSERT OR IGNORE INTO movements
    (invoice_id, kind, amount, paykeeper_id, payment_id, moved_at, source, request_id,
     recorded_at)
SELECT r.invoice_id, 'cash', r.amount,
       COALESCE(i.payment_id, 'cash-' || r.request_key),
       COALESCE(i.payment_id, 'cash-' || r.request_key),
       strftime('%Y-%m-%dT%H:%M:%S+00:00', COALESCE(i.paid_at, r.updated_at)),
       'bot', r.id, r.updated_at
FROM money_requests AS r JOIN invoices AS i ON i.id = r.invoice_id
WHERE r.kind = 'cash' AND r.state = 'done';

INSERT OR IGNORE INTO movements
    (invoice_id, kind, amount, paykeeper_id, payment_id, moved_at, source, recorded_at)
SELECT i.id, 'payment', i.amount, i.payment_id, i.payment_id,
       strftime('%Y-%m-%dT%H:%M:%S+00:00', COALESCE(i.paid_at, i.updated_at)),
       CASE WHEN EXISTS (SELECT 1 FROM invoice_events AS e WHERE e.invoice_id = i.id
                         AND e.kind = 'paid' AND e.detail LIKE 'notification%')
            THEN 'notification' ELSE 'reconciliation' END,
       i.updated_at
FROM invoices AS i
WHERE i.payment_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM movements AS m
                  WHERE m.invoice_id = i.id AND m.kind = 'cash');

-- A second payment was accepted only for the invoice's own amount.
INSERT OR IGNORE INTO movements
    (invoice_id, kind, amount, paykeeper_id, payment_id, moved_at, source, recorded_at)
SELECT e.invoice_id, 'payment', i.amount, e.detail, e.detail,
       strftime('%Y-%m-%dT%H:%M:%S+00:00', e.created_at), 'notification', e.created_at
FROM invoice_events AS e JOIN invoices AS i ON i.id = e.invoice_id
WHERE e.kind = 'paid_again' AND e.detail IS NOT NULL;

INSERT OR IGNORE INTO movements
    (invoice_id, kind, amount, paykeeper_id, payment_id, moved_at, source, request_id,
     recorded_at)
SELECT r.invoice_id, 'refund', r.amount, 'bot-' || r.request_key, r.payment_id,
       strftime('%Y-%m-%dT%H:%M:%S+00:00', r.updated_at),
       'bot', r.id, r.updated_at
FROM money_requests AS r
WHERE r.kind = 'refund' AND r.state = 'done';
