-- Recurring invoices: a source invoice's amount, lines, service and delivery, issued every
-- period. A period's invoice has the order id sch<id>-<index + 1>, derived rather than drawn,
-- so the invoice log's unique order id lets it be made once whatever restarts happen;
-- next_index is the first period not settled yet.
CREATE TABLE schedules (
    id           INTEGER PRIMARY KEY,
    manager_id   INTEGER NOT NULL,
    manager_name TEXT    NOT NULL,
    source_id    INTEGER NOT NULL REFERENCES invoices (id),
    draft        TEXT    NOT NULL,  -- InvoiceDraft.to_data() without last_day, plus "lines"
    delivery     TEXT    NOT NULL,
    term_days    INTEGER,           -- days to pay, counted from each issue day; NULL: no expiry
    kind         TEXT    NOT NULL CHECK (kind IN ('monthly', 'weekly', 'days')),
    step         INTEGER NOT NULL,  -- the day of the month, the weekday (0 = Monday), N days
    start_day    TEXT    NOT NULL,  -- period 0's day, Moscow
    until_day    TEXT,              -- no period after this day
    times        INTEGER,           -- no more periods than this
    status       TEXT    NOT NULL CHECK (status IN
                     ('pending', 'active', 'paused', 'stopped', 'finished', 'rejected')),
    next_index   INTEGER NOT NULL DEFAULT 0,
    retry_at     TEXT,              -- period next_index reached nothing in PayKeeper: again then
    pending_rev  INTEGER,           -- awaiting approval as sched:<id>:<rev> (0: the creation)
    revision     INTEGER NOT NULL DEFAULT 0,  -- the last amount change asked for
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX schedules_by_manager ON schedules (manager_id, id);
CREATE INDEX schedules_by_status ON schedules (status);
