-- The final-settlement receipt of a prepaid invoice: one per invoice, written before PayKeeper
-- is asked to print it. ``receipt_key`` travels with the request (PayKeeper makes one receipt
-- per key); a refused request takes a new key when pressed again.
CREATE TABLE final_receipts (
    id            INTEGER PRIMARY KEY,
    invoice_id    INTEGER NOT NULL UNIQUE REFERENCES invoices (id) ON DELETE CASCADE,
    receipt_key   TEXT    NOT NULL UNIQUE,
    payment_id    TEXT    NOT NULL,
    amount        TEXT    NOT NULL,          -- exact decimal text, "1500.00"
    state         TEXT    NOT NULL CHECK (state IN ('sent', 'done', 'uncertain', 'refused')),
    receipt_id    TEXT,                      -- PayKeeper's, once done
    message       TEXT,                      -- PayKeeper's words or the technical detail
    actor_id      INTEGER NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
