-- 0008: the review lists entries in groups, one per run and phase: by run
-- (the latest first), by phase (the latest first), newest first within.
--
-- Read through runs by number, then this index per run, the list needs
-- no sort however many entries there are. It also serves the run filter,
-- which entries_review_run served.

CREATE INDEX IF NOT EXISTS entries_review_group ON entries (run_id, phase, saved_at, id);
DROP INDEX IF EXISTS entries_review_run;
