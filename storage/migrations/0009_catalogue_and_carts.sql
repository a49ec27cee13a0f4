-- Fiscal receipts (54-FZ), the service catalogue, refunds and cash payments (issue 13).

-- The cart an invoice was issued with, line by line, as sent to PayKeeper (sums fitted to the
-- amount): kept so that a refund can send its refund cart. No rows: issued without a cart.
CREATE TABLE invoice_lines (
    invoice_id    INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT    NOT NULL,
    price         TEXT    NOT NULL,          -- exact decimal text, "1500.00"
    quantity      TEXT    NOT NULL,          -- "1", "2.5"
    total         TEXT    NOT NULL,          -- the line's sum
    tax           TEXT    NOT NULL,          -- vat22, vat122, none...
    item_type     TEXT    NOT NULL,
    payment_type  TEXT    NOT NULL,
    PRIMARY KEY (invoice_id, position)
);

-- Services a manager picks in the form; archived ones keep their invoices readable.
CREATE TABLE services (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    price         TEXT,                      -- default price, exact decimal text; NULL: none
    tax           TEXT    NOT NULL,
    item_type     TEXT    NOT NULL,
    payment_type  TEXT    NOT NULL DEFAULT 'prepay',
    archived      INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    uses          INTEGER NOT NULL DEFAULT 0,  -- invoices issued with it: the form's order
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
CREATE UNIQUE INDEX services_by_name ON services (name) WHERE archived = 0;

-- Money going back, or taken in cash: written before PayKeeper is called, so a request whose
-- answer was lost is never made again by the same press. ``request_key`` is the press.
CREATE TABLE money_requests (
    id            INTEGER PRIMARY KEY,
    invoice_id    INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('refund', 'cash')),
    request_key   TEXT    NOT NULL UNIQUE,
    payment_id    TEXT,                      -- PayKeeper's payment id (a refund's target)
    amount        TEXT    NOT NULL,
    partial       INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1)),
    state         TEXT    NOT NULL CHECK (state IN ('sent', 'done', 'refused', 'uncertain')),
    message       TEXT,                      -- PayKeeper's own words when it refused
    actor_id      INTEGER NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
CREATE INDEX money_requests_by_invoice ON money_requests (invoice_id, id);

-- What came back to the payer of a paid invoice: the refunded sum and the refund status.
CREATE TABLE invoice_refunds (
    invoice_id    INTEGER PRIMARY KEY REFERENCES invoices (id) ON DELETE CASCADE,
    refunded      TEXT    NOT NULL,          -- exact decimal text
    status        TEXT    NOT NULL CHECK (status IN ('partially_refunded', 'refunded')),
    updated_at    TEXT    NOT NULL
);
