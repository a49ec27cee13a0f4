-- The dashboard in a desktop browser: one-time login links (10 minutes, one use, one user) and
-- the sessions they open (12 hours). Only SHA-256 hashes of the tokens are stored, so a copy of
-- the database opens nothing.
CREATE TABLE dashboard_logins (
    token_hash  TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    language    TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL,
    used_at     TEXT
);

CREATE TABLE dashboard_sessions (
    token_hash  TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    language    TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL
);
