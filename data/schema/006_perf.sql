-- forsat schema, version 6: speed at one-million scale (docs/PERFORMANCE.md,
-- measured by tests/bench).  Figures are for 1,000,000 identities and
-- opportunities on the 2-core development machine.

-- 1. Totals kept up to date.  The totals row of the opportunity list (count,
-- Σ final, Σ expected of the whole filtered set, SPEC §10) added up every
-- matching opportunity: 60 ms for one stage, 180–850 ms for everything, one
-- user or a sales rep's own view, 250 ms for the overdue ones.  These two
-- tables hold the same sums per group, kept by the triggers below inside
-- the transaction of every write, so src/core/opp_list.c reads a few
-- hundred rows instead when the filter names nothing but their columns:
-- opp_totals by subtype, stage, assigned user and creator (the visibility
-- rule), opp_close_totals by stage and close date ('' = none; overdue and
-- close-date ranges).  Expected amounts are summed per opportunity, rounded
-- half up, exactly as the scan did.  Groups that empty stay, at zero.
CREATE TABLE opp_totals (
  subtype_id   INTEGER NOT NULL,
  stage_id     INTEGER NOT NULL,
  assigned_id  INTEGER NOT NULL,
  created_by   INTEGER NOT NULL,
  n            INTEGER NOT NULL,
  sum_final    INTEGER NOT NULL,
  sum_expected INTEGER NOT NULL,
  PRIMARY KEY (subtype_id, stage_id, assigned_id, created_by)
) STRICT, WITHOUT ROWID;

INSERT INTO opp_totals
  SELECT subtype_id, stage_id, assigned_id, created_by, count(*), sum(final_amount),
         sum((final_amount * probability + 50) / 100)
  FROM opportunity GROUP BY subtype_id, stage_id, assigned_id, created_by;

CREATE TABLE opp_close_totals (
  stage_id     INTEGER NOT NULL,
  close_date   TEXT NOT NULL,
  n            INTEGER NOT NULL,
  sum_final    INTEGER NOT NULL,
  sum_expected INTEGER NOT NULL,
  PRIMARY KEY (stage_id, close_date)
) STRICT, WITHOUT ROWID;

INSERT INTO opp_close_totals
  SELECT stage_id, coalesce(close_date, ''), count(*), sum(final_amount),
         sum((final_amount * probability + 50) / 100)
  FROM opportunity GROUP BY stage_id, coalesce(close_date, '');

CREATE TRIGGER opp_totals_ai AFTER INSERT ON opportunity BEGIN
  INSERT INTO opp_totals(subtype_id, stage_id, assigned_id, created_by, n, sum_final, sum_expected)
    VALUES (new.subtype_id, new.stage_id, new.assigned_id, new.created_by, 1, new.final_amount,
            (new.final_amount * new.probability + 50) / 100)
    ON CONFLICT DO UPDATE SET n = n + 1, sum_final = sum_final + excluded.sum_final,
                              sum_expected = sum_expected + excluded.sum_expected;
  INSERT INTO opp_close_totals(stage_id, close_date, n, sum_final, sum_expected)
    VALUES (new.stage_id, coalesce(new.close_date, ''), 1, new.final_amount,
            (new.final_amount * new.probability + 50) / 100)
    ON CONFLICT DO UPDATE SET n = n + 1, sum_final = sum_final + excluded.sum_final,
                              sum_expected = sum_expected + excluded.sum_expected;
END;

CREATE TRIGGER opp_totals_ad AFTER DELETE ON opportunity BEGIN
  UPDATE opp_totals SET n = n - 1, sum_final = sum_final - old.final_amount,
                        sum_expected = sum_expected - (old.final_amount * old.probability + 50) / 100
    WHERE subtype_id = old.subtype_id AND stage_id = old.stage_id AND assigned_id = old.assigned_id
      AND created_by = old.created_by;
  UPDATE opp_close_totals SET n = n - 1, sum_final = sum_final - old.final_amount,
                              sum_expected = sum_expected - (old.final_amount * old.probability + 50) / 100
    WHERE stage_id = old.stage_id AND close_date = coalesce(old.close_date, '');
END;

CREATE TRIGGER opp_totals_au AFTER UPDATE OF subtype_id, stage_id, assigned_id, created_by, close_date,
    final_amount, probability ON opportunity BEGIN
  UPDATE opp_totals SET n = n - 1, sum_final = sum_final - old.final_amount,
                        sum_expected = sum_expected - (old.final_amount * old.probability + 50) / 100
    WHERE subtype_id = old.subtype_id AND stage_id = old.stage_id AND assigned_id = old.assigned_id
      AND created_by = old.created_by;
  INSERT INTO opp_totals(subtype_id, stage_id, assigned_id, created_by, n, sum_final, sum_expected)
    VALUES (new.subtype_id, new.stage_id, new.assigned_id, new.created_by, 1, new.final_amount,
            (new.final_amount * new.probability + 50) / 100)
    ON CONFLICT DO UPDATE SET n = n + 1, sum_final = sum_final + excluded.sum_final,
                              sum_expected = sum_expected + excluded.sum_expected;
  UPDATE opp_close_totals SET n = n - 1, sum_final = sum_final - old.final_amount,
                              sum_expected = sum_expected - (old.final_amount * old.probability + 50) / 100
    WHERE stage_id = old.stage_id AND close_date = coalesce(old.close_date, '');
  INSERT INTO opp_close_totals(stage_id, close_date, n, sum_final, sum_expected)
    VALUES (new.stage_id, coalesce(new.close_date, ''), 1, new.final_amount,
            (new.final_amount * new.probability + 50) / 100)
    ON CONFLICT DO UPDATE SET n = n + 1, sum_final = sum_final + excluded.sum_final,
                              sum_expected = sum_expected + excluded.sum_expected;
END;

-- 2. Row counts kept up to date.  The main screen shows how many
-- identities, products, documents and money items the database holds
-- (src/core/stats.c); counting them was 200 ms of a 250 ms start-up.
-- Opportunities are counted from opp_totals.
CREATE TABLE row_count (
  tbl TEXT PRIMARY KEY,
  n   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO row_count(tbl, n) VALUES
  ('identity', (SELECT count(*) FROM identity)),
  ('product', (SELECT count(*) FROM product)),
  ('document', (SELECT count(*) FROM document)),
  ('money_item', (SELECT count(*) FROM money_item));

CREATE TRIGGER identity_count_ai AFTER INSERT ON identity BEGIN
  UPDATE row_count SET n = n + 1 WHERE tbl = 'identity';
END;
CREATE TRIGGER identity_count_ad AFTER DELETE ON identity BEGIN
  UPDATE row_count SET n = n - 1 WHERE tbl = 'identity';
END;
CREATE TRIGGER product_count_ai AFTER INSERT ON product BEGIN
  UPDATE row_count SET n = n + 1 WHERE tbl = 'product';
END;
CREATE TRIGGER product_count_ad AFTER DELETE ON product BEGIN
  UPDATE row_count SET n = n - 1 WHERE tbl = 'product';
END;
CREATE TRIGGER document_count_ai AFTER INSERT ON document BEGIN
  UPDATE row_count SET n = n + 1 WHERE tbl = 'document';
END;
CREATE TRIGGER document_count_ad AFTER DELETE ON document BEGIN
  UPDATE row_count SET n = n - 1 WHERE tbl = 'document';
END;
CREATE TRIGGER money_item_count_ai AFTER INSERT ON money_item BEGIN
  UPDATE row_count SET n = n + 1 WHERE tbl = 'money_item';
END;
CREATE TRIGGER money_item_count_ad AFTER DELETE ON money_item BEGIN
  UPDATE row_count SET n = n - 1 WHERE tbl = 'money_item';
END;

-- 3. Digit prefixes of every length a user types.  A phone number is one
-- token; a prefix longer than the prefix index had every distinct number
-- starting with it merged: "0912" (one identity in six) took 58 ms, "09123"
-- 4 ms.  Prefix indexes up to 6 characters answer them in under 1 ms; the
-- search index grows from 80 to 125 MB per million identities.  The
-- triggers of schema 1 keep filling the new index.
DROP TABLE identity_fts;
CREATE VIRTUAL TABLE identity_fts USING fts5(
  name_key, codes_key,
  content = 'identity', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '1 2 3 4 5 6');
INSERT INTO identity_fts(identity_fts) VALUES ('rebuild');
