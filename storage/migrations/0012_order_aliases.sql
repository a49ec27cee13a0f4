-- Each manager's alias in bulk order ids (payers see order ids): drawn at random once and kept,
-- so a file sent again maps onto the same ids without the ids naming the manager.
CREATE TABLE order_aliases (
    manager_id  INTEGER PRIMARY KEY,
    alias       TEXT    NOT NULL UNIQUE,
    created_at  TEXT    NOT NULL
);
