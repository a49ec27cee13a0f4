-- Bulk files: one run per uploaded file, one row per line of it. Everything needed to issue
-- the rest and write the result file is here, so a run cut off by a restart can be resumed.
CREATE TABLE bulk_runs (
    id                   INTEGER PRIMARY KEY,
    manager_id           INTEGER NOT NULL,
    manager_name         TEXT    NOT NULL,
    chat_id              INTEGER NOT NULL,
    lang                 TEXT    NOT NULL,            -- the manager's language at upload
    file_name            TEXT    NOT NULL,
    file_hash            TEXT    NOT NULL,            -- of the table's content, not its bytes
    format               TEXT    NOT NULL CHECK (format IN ('csv', 'xlsx')),
    encoding             TEXT,                        -- CSV only: written back the same way
    delimiter            TEXT,
    header               TEXT    NOT NULL,            -- JSON list of the header cells
    delivery             TEXT    CHECK (delivery IN ('email', 'link')),  -- NULL until chosen
    status               TEXT    NOT NULL CHECK (status IN
                           ('draft', 'running', 'finished', 'cancelled')),
    stop_reason          TEXT,                        -- why a run ended with rows not tried
    progress_message_id  INTEGER,
    created_at           TEXT    NOT NULL,            -- ISO 8601, UTC
    updated_at           TEXT    NOT NULL
);
CREATE INDEX bulk_runs_by_status ON bulk_runs (status);

CREATE TABLE bulk_rows (
    run_id      INTEGER NOT NULL REFERENCES bulk_runs (id) ON DELETE CASCADE,
    row_number  INTEGER NOT NULL,                     -- as the manager sees it (header = 1)
    cells       TEXT    NOT NULL,                     -- JSON list of the cells as read
    order_id    TEXT,                                 -- what to issue it as; NULL if invalid
    draft       TEXT,                                 -- JSON InvoiceDraft; NULL if invalid
    problem     TEXT,                                 -- why it is invalid (manager's language)
    invoice_id  INTEGER REFERENCES invoices (id),
    outcome     TEXT    CHECK (outcome IN
                  ('issued', 'email_failed', 'failed', 'uncertain', 'existing')),  -- NULL: to do
    PRIMARY KEY (run_id, row_number)
);
