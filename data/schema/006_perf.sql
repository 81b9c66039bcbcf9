-- forsat schema, version 6: speed at one-million scale (docs/PERFORMANCE.md).

-- 1. The totals row of the opportunity list (SPEC §10: count, Σ final,
-- Σ expected over the whole filtered set) was a scan of every matching
-- opportunity: 60 ms for one stage, 180–850 ms for everything or a sales
-- rep's own view over 1,000,000 opportunities.  opp_totals keeps those
-- sums per subtype, stage, assigned user and creator, maintained by the
-- triggers below inside the same transaction as every write, so the list
-- reads a few hundred rows instead (src/core/opp_list.c uses it when the
-- filter names nothing but these columns).  Expected amounts are summed
-- per opportunity rounded half up, as the scan did.
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

CREATE TRIGGER opp_totals_ai AFTER INSERT ON opportunity BEGIN
  INSERT INTO opp_totals(subtype_id, stage_id, assigned_id, created_by, n, sum_final, sum_expected)
    VALUES (new.subtype_id, new.stage_id, new.assigned_id, new.created_by, 1, new.final_amount,
            (new.final_amount * new.probability + 50) / 100)
    ON CONFLICT DO UPDATE SET n = n + 1, sum_final = sum_final + excluded.sum_final,
                              sum_expected = sum_expected + excluded.sum_expected;
END;

CREATE TRIGGER opp_totals_ad AFTER DELETE ON opportunity BEGIN
  UPDATE opp_totals SET n = n - 1, sum_final = sum_final - old.final_amount,
                        sum_expected = sum_expected - (old.final_amount * old.probability + 50) / 100
    WHERE subtype_id = old.subtype_id AND stage_id = old.stage_id AND assigned_id = old.assigned_id
      AND created_by = old.created_by;
END;

CREATE TRIGGER opp_totals_au AFTER UPDATE OF subtype_id, stage_id, assigned_id, created_by, final_amount,
    probability ON opportunity BEGIN
  UPDATE opp_totals SET n = n - 1, sum_final = sum_final - old.final_amount,
                        sum_expected = sum_expected - (old.final_amount * old.probability + 50) / 100
    WHERE subtype_id = old.subtype_id AND stage_id = old.stage_id AND assigned_id = old.assigned_id
      AND created_by = old.created_by;
  INSERT INTO opp_totals(subtype_id, stage_id, assigned_id, created_by, n, sum_final, sum_expected)
    VALUES (new.subtype_id, new.stage_id, new.assigned_id, new.created_by, 1, new.final_amount,
            (new.final_amount * new.probability + 50) / 100)
    ON CONFLICT DO UPDATE SET n = n + 1, sum_final = sum_final + excluded.sum_final,
                              sum_expected = sum_expected + excluded.sum_expected;
END;
