-- The payer book: everyone the team has billed, one row per payer. An e-mail names one payer
-- (any case); a phone joins a payer only where e-mails do not contradict (a payer without an
-- e-mail, or an invoice without one). Removing a payer deletes the row: invoices keep the
-- contact they were issued with, and lose only the link.
CREATE TABLE payers (
    id           INTEGER PRIMARY KEY,
    email        TEXT,                       -- as parsed (normalized); matched case-insensitively
    phone        TEXT,                       -- E.164
    client_name  TEXT,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    CHECK (email IS NOT NULL OR phone IS NOT NULL)
);
CREATE UNIQUE INDEX payers_by_email ON payers (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX payers_by_phone ON payers (phone) WHERE phone IS NOT NULL;

ALTER TABLE invoices ADD COLUMN payer_id INTEGER REFERENCES payers (id) ON DELETE SET NULL;
CREATE INDEX invoices_of_payer ON invoices (payer_id, id DESC);

-- Backfill: one payer per e-mail, with the latest phone and name its invoices had...
INSERT INTO payers (email, phone, client_name, created_at, updated_at)
SELECT i.client_email,
       (SELECT j.client_phone FROM invoices j
         WHERE lower(j.client_email) = lower(i.client_email) AND j.client_phone IS NOT NULL
         ORDER BY j.id DESC LIMIT 1),
       (SELECT j.client_name FROM invoices j
         WHERE lower(j.client_email) = lower(i.client_email) AND j.client_name IS NOT NULL
           AND j.client_name <> ''
         ORDER BY j.id DESC LIMIT 1),
       i.created_at, i.created_at
  FROM invoices i
 WHERE i.client_email IS NOT NULL AND i.client_email <> ''
   AND i.id = (SELECT max(j.id) FROM invoices j WHERE lower(j.client_email) = lower(i.client_email));

-- ...then one per phone that only e-mail-less invoices carry...
INSERT INTO payers (email, phone, client_name, created_at, updated_at)
SELECT NULL, i.client_phone,
       (SELECT j.client_name FROM invoices j
         WHERE j.client_phone = i.client_phone AND coalesce(j.client_email, '') = ''
           AND j.client_name IS NOT NULL AND j.client_name <> ''
         ORDER BY j.id DESC LIMIT 1),
       i.created_at, i.created_at
  FROM invoices i
 WHERE coalesce(i.client_email, '') = '' AND i.client_phone IS NOT NULL AND i.client_phone <> ''
   AND NOT EXISTS (SELECT 1 FROM payers p WHERE p.phone = i.client_phone)
   AND i.id = (SELECT max(j.id) FROM invoices j
                WHERE j.client_phone = i.client_phone AND coalesce(j.client_email, '') = '');

-- ...and each invoice linked to its payer (an e-mail-less one to the latest payer with its phone).
UPDATE invoices SET payer_id = coalesce(
    (SELECT p.id FROM payers p
      WHERE coalesce(invoices.client_email, '') <> ''
        AND lower(p.email) = lower(invoices.client_email)),
    (SELECT p.id FROM payers p
      WHERE coalesce(invoices.client_email, '') = '' AND p.phone = invoices.client_phone
      ORDER BY p.id DESC LIMIT 1));

-- Reminders to payers: PayKeeper e-mails an unpaid invoice again remind_days before its last
-- payable day (NULL: never). One row per invoice once it is due, written before PayKeeper is
-- asked: a row is never sent again, whatever its state (exactly once across restarts).
ALTER TABLE invoices ADD COLUMN remind_days INTEGER;
CREATE TABLE payer_reminders (
    invoice_id  INTEGER PRIMARY KEY REFERENCES invoices (id) ON DELETE CASCADE,
    state       TEXT    NOT NULL CHECK (state IN ('sending', 'sent', 'skipped', 'unclear', 'failed')),
    detail      TEXT,                        -- PayKeeper's message, or why it was skipped
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
