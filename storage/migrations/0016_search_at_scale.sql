-- Lists and searches that cost the same after years of invoices as on the first day.

-- A manager's list by status (unpaid, paid, closed), newest first, without visiting the
-- manager's other invoices.
CREATE INDEX invoices_by_manager_status ON invoices (manager_id, status, id);
-- A search word matches an order id whole in any case (storage/search.py), and an amount.
CREATE INDEX invoices_by_order_nocase ON invoices (order_id COLLATE NOCASE);
CREATE INDEX invoices_by_amount ON invoices (amount);

-- What a search word is looked for in, as a part: the payer's e-mail, name and phone and the
-- service. ё is written е and format characters (Unicode Cf, those of the Basic Multilingual
-- Plane) are dropped, as storage/search.py's fold() does to the word; the trigram index folds
-- case itself. A candidate filter only: the search still checks each candidate with fold(),
-- so the index decides what is read, and fold() what matches.
-- In three steps: SQLite's parser takes about fifteen nested calls at a time.

CREATE VIEW invoice_search_text_1 (id, body) AS
SELECT id,
       replace(replace(replace(replace(replace(replace(
       replace(replace(replace(replace(replace(replace(
       replace(replace(replace(
       replace(replace(
           coalesce(client_email, '') || ' ' || coalesce(client_name, '') || ' ' ||
           service_name || ' ' || coalesce(client_phone, ''),
           'ё', 'е'), 'Ё', 'Е'),
       char(173), ''), char(1536), ''), char(1537), ''), char(1538), ''), char(1539), ''), char(1540), ''),
       char(1541), ''), char(1564), ''), char(1757), ''), char(1807), ''), char(2192), ''), char(2193), ''),
       char(2274), ''), char(6158), ''), char(8203), '')
FROM invoices;

CREATE VIEW invoice_search_text_2 (id, body) AS
SELECT id,
       replace(replace(replace(replace(replace(replace(
       replace(replace(replace(replace(replace(replace(
       replace(replace(replace(
       body,
       char(8204), ''), char(8205), ''), char(8206), ''), char(8207), ''), char(8234), ''), char(8235), ''),
       char(8236), ''), char(8237), ''), char(8238), ''), char(8288), ''), char(8289), ''), char(8290), ''),
       char(8291), ''), char(8292), ''), char(8294), '')
FROM invoice_search_text_1;

CREATE VIEW invoice_search_text (id, body) AS
SELECT id,
       replace(replace(replace(replace(replace(replace(
       replace(replace(replace(replace(replace(replace(
       replace(
       body,
       char(8295), ''), char(8296), ''), char(8297), ''), char(8298), ''), char(8299), ''), char(8300), ''),
       char(8301), ''), char(8302), ''), char(8303), ''), char(65279), ''), char(65529), ''), char(65530), ''),
       char(65531), '')
FROM invoice_search_text_2;

-- Contentless: it holds the trigrams only, and answers with invoice ids.
CREATE VIRTUAL TABLE invoice_text USING fts5 (body, content = '', tokenize = 'trigram');

CREATE TRIGGER invoice_text_insert AFTER INSERT ON invoices BEGIN
    INSERT INTO invoice_text (rowid, body)
    SELECT id, body FROM invoice_search_text WHERE id = new.id;
END;

CREATE TRIGGER invoice_text_delete BEFORE DELETE ON invoices BEGIN
    INSERT INTO invoice_text (invoice_text, rowid, body)
    SELECT 'delete', id, body FROM invoice_search_text WHERE id = old.id;
END;

CREATE TRIGGER invoice_text_update_before
BEFORE UPDATE OF client_email, client_name, service_name, client_phone ON invoices BEGIN
    INSERT INTO invoice_text (invoice_text, rowid, body)
    SELECT 'delete', id, body FROM invoice_search_text WHERE id = old.id;
END;

CREATE TRIGGER invoice_text_update_after
AFTER UPDATE OF client_email, client_name, service_name, client_phone ON invoices BEGIN
    INSERT INTO invoice_text (rowid, body)
    SELECT id, body FROM invoice_search_text WHERE id = new.id;
END;

INSERT INTO invoice_text (rowid, body) SELECT id, body FROM invoice_search_text;

-- How many invoices each manager has in each status, kept by triggers: a list's page count
-- without counting years of rows. Rows are never removed, only counted down to zero.
CREATE TABLE invoice_counts (
    manager_id  INTEGER NOT NULL,
    status      TEXT    NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (manager_id, status)
) WITHOUT ROWID;

CREATE TRIGGER invoice_counts_insert AFTER INSERT ON invoices BEGIN
    INSERT INTO invoice_counts (manager_id, status, n) VALUES (new.manager_id, new.status, 1)
    ON CONFLICT (manager_id, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER invoice_counts_delete AFTER DELETE ON invoices BEGIN
    UPDATE invoice_counts SET n = n - 1
    WHERE manager_id = old.manager_id AND status = old.status;
END;

CREATE TRIGGER invoice_counts_update AFTER UPDATE OF manager_id, status ON invoices
WHEN old.manager_id IS NOT new.manager_id OR old.status IS NOT new.status BEGIN
    UPDATE invoice_counts SET n = n - 1
    WHERE manager_id = old.manager_id AND status = old.status;
    INSERT INTO invoice_counts (manager_id, status, n) VALUES (new.manager_id, new.status, 1)
    ON CONFLICT (manager_id, status) DO UPDATE SET n = n + 1;
END;

INSERT INTO invoice_counts (manager_id, status, n)
SELECT manager_id, status, COUNT(*) FROM invoices GROUP BY manager_id, status;
