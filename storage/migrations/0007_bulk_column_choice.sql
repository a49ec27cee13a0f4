-- A bulk draft whose columns the manager may still re-assign ("use the other amount column"):
-- the choices made so far, and the file as sent, read again with them. The file is kept only
-- while such a draft waits for the manager, and dropped when the run starts or is cancelled.
ALTER TABLE bulk_runs ADD COLUMN choices TEXT NOT NULL DEFAULT '{}';  -- JSON {field: column}
ALTER TABLE bulk_runs ADD COLUMN upload BLOB;
