-- Conversation state (aiogram FSM): which question a manager is on and the answers so far, so
-- a form, or a bulk upload awaiting confirmation, survives a restart of the bot.
CREATE TABLE form_state (
    key         TEXT    PRIMARY KEY,         -- bot:chat:user:thread:business:destiny
    state       TEXT,
    data        TEXT    NOT NULL DEFAULT '{}',  -- JSON object
    updated_at  TEXT    NOT NULL
);
