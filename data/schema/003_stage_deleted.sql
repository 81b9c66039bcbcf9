-- forsat schema, version 3: deleted stages.
-- A deleted stage leaves the chain but its row stays, because stage_log
-- (the history of every opportunity that was ever in it) refers to it.
-- Its key is renamed on deletion so the key can be used again.
ALTER TABLE stage ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1));
