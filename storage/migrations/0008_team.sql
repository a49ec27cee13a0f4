-- The team: who may use the bot and as what, granted from chat (ADMIN_IDS and MANAGER_IDS seed
-- it at every start), requests for access, every change to access, and invoices held for an
-- admin's approval.
CREATE TABLE team_members (
    user_id       INTEGER PRIMARY KEY,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'manager', 'viewer')),
    suspended     INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
    seeded        INTEGER NOT NULL DEFAULT 0 CHECK (seeded IN (0, 1)),  -- in ADMIN/MANAGER_IDS
    last_seen_at  TEXT,                      -- ISO 8601, UTC; written at most every few minutes
    added_at      TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);

-- Who changed whose access, how and when; actor NULL: the settings, at start.
CREATE TABLE access_audit (
    id          INTEGER PRIMARY KEY,
    actor_id    INTEGER,
    user_id     INTEGER NOT NULL,
    action      TEXT    NOT NULL,  -- granted, role, suspended, restored, denied, seeded
    role        TEXT,
    created_at  TEXT    NOT NULL
);
CREATE INDEX access_audit_by_user ON access_audit (user_id, id);

CREATE TABLE access_requests (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL,
    name         TEXT    NOT NULL,
    username     TEXT,
    language     TEXT,
    status       TEXT    NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'approved', 'denied')),
    role         TEXT,                       -- the role granted
    decided_by   INTEGER,
    requested_at TEXT    NOT NULL,
    decided_at   TEXT
);
-- One pending request per user, whatever the number of taps.
CREATE UNIQUE INDEX access_requests_pending ON access_requests (user_id) WHERE status = 'pending';

-- The admins' messages that show a request or an approval, to update when someone decides.
CREATE TABLE team_cards (
    subject     TEXT    NOT NULL,            -- 'request:<id>' or 'approval:<id>'
    admin_id    INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    PRIMARY KEY (subject, admin_id)
);

-- An invoice above APPROVAL_AMOUNT from a manager, held before PayKeeper is called: the
-- draft as the manager confirmed it, and how it was to be delivered.
CREATE TABLE approvals (
    id          INTEGER PRIMARY KEY,
    manager_id  INTEGER NOT NULL,
    manager_name TEXT   NOT NULL,
    order_id    TEXT    NOT NULL UNIQUE,
    draft       TEXT    NOT NULL,            -- JSON: the form's data
    delivery    TEXT    NOT NULL CHECK (delivery IN ('email', 'link')),
    status      TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
    decided_by  INTEGER,
    reason      TEXT,
    invoice_id  INTEGER REFERENCES invoices (id),
    created_at  TEXT    NOT NULL,
    decided_at  TEXT
);
CREATE INDEX approvals_pending ON approvals (status, id);
