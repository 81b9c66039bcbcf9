-- forsat schema, version 7: each user's overdue opportunities, at any size
-- (docs/PERFORMANCE.md, measured by tests/bench).
-- The main screen shows the acting user's overdue opportunities, oldest
-- first, and how many there are (fs_morning, src/core/report.c).  Through
-- opportunity_assigned both read and sorted every one of the user's
-- opportunities: 250 ms of CPU at start-up for a sales rep assigned 380,000
-- of 1,000,000, and the count alone still read 380,000 index entries
-- (30 ms, and a page cache filled at every start).

-- The first page: in this index it is the index's first rows (about 1 ms).
CREATE INDEX opportunity_assigned_close ON opportunity(assigned_id, close_date, stage_id);

-- The count: opportunities per assigned user, stage and close date ('' =
-- none), kept by the triggers below in the transaction of every write, like
-- the totals of schema 6.  A user's overdue count reads at most a row per
-- open stage and past day.  Groups that empty stay, at zero.
CREATE TABLE opp_due_count (
  assigned_id INTEGER NOT NULL,
  stage_id    INTEGER NOT NULL,
  close_date  TEXT NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (assigned_id, stage_id, close_date)
) STRICT, WITHOUT ROWID;

INSERT INTO opp_due_count
  SELECT assigned_id, stage_id, coalesce(close_date, ''), count(*)
  FROM opportunity GROUP BY assigned_id, stage_id, coalesce(close_date, '');

CREATE TRIGGER opp_due_count_ai AFTER INSERT ON opportunity BEGIN
  INSERT INTO opp_due_count(assigned_id, stage_id, close_date, n)
    VALUES (new.assigned_id, new.stage_id, coalesce(new.close_date, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER opp_due_count_ad AFTER DELETE ON opportunity BEGIN
  UPDATE opp_due_count SET n = n - 1
    WHERE assigned_id = old.assigned_id AND stage_id = old.stage_id AND close_date = coalesce(old.close_date, '');
END;

CREATE TRIGGER opp_due_count_au AFTER UPDATE OF assigned_id, stage_id, close_date ON opportunity BEGIN
  UPDATE opp_due_count SET n = n - 1
    WHERE assigned_id = old.assigned_id AND stage_id = old.stage_id AND close_date = coalesce(old.close_date, '');
  INSERT INTO opp_due_count(assigned_id, stage_id, close_date, n)
    VALUES (new.assigned_id, new.stage_id, coalesce(new.close_date, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
