-- Inline quick creation: the draft behind a posted "create" button, whose callback data can
-- carry only the token. The order id is fixed when the draft is offered, so a second press
-- finds the invoice the first one made instead of making another.
CREATE TABLE inline_drafts (
    token       TEXT    PRIMARY KEY,
    manager_id  INTEGER NOT NULL,
    order_id    TEXT    NOT NULL UNIQUE,
    draft       TEXT    NOT NULL,            -- JSON: amount, email, phone, last_day, service
    created_at  TEXT    NOT NULL             -- ISO 8601, UTC
);
CREATE INDEX inline_drafts_by_age ON inline_drafts (created_at);

-- "/invoices <text>": the search behind a list's buttons (callback data holds only its id).
CREATE TABLE invoice_searches (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE INDEX invoice_searches_by_age ON invoice_searches (created_at);

-- Names of the people who act on invoices, for the history ("cancelled by Анна"): an admin
-- who never issued an invoice has no name in the invoice log.
CREATE TABLE people (
    user_id     INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
