-- 0006: Home reads a run without reading its history.
--
-- Home needs, of each exercise of the current run, its latest entry (by
-- first save: the one a one-time exercise's form shows), its latest by
-- date (the last check-in) and its first dated in the current run week
-- (whether this week's report is written), and every entry of the daily
-- metric: each an index lookup with these two indexes, whatever the number
-- of entries. (run_id, exercise) was a prefix of the first.

DROP INDEX entries_run_exercise;
CREATE INDEX entries_run_exercise ON entries (run_id, exercise, created_at, id);
CREATE INDEX entries_run_exercise_date ON entries (run_id, exercise, date, created_at, id);
