-- forsat schema, version 7: a user's opportunities by close date
-- (docs/PERFORMANCE.md, measured by tests/bench).
-- The main screen shows the acting user's overdue opportunities, oldest
-- first, and how many there are (fs_morning, src/core/report.c).  Through
-- opportunity_assigned that read and sorted every one of the user's
-- opportunities: 250 ms of CPU at start-up for a sales rep assigned 380,000
-- of 1,000,000.  In this index the first page is its first rows (about
-- 1 ms) and the count reads the index alone (30 ms for that rep).
CREATE INDEX opportunity_assigned_close ON opportunity(assigned_id, close_date, stage_id);
