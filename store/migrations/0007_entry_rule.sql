-- 0007: "the" entry of an exercise is the newest by the save time of its
-- current revision, then by creation, then by id (workbook.EntryNewestFirst):
-- the one the TUI and the exports show of a one-time exercise of which an
-- import brought two, the last check-in. Home's pick of each exercise's
-- newest entry, a run's challenge fields and a save that appends to a
-- one-time exercise's entry read it through this index, without a sort,
-- whatever the number of entries. It replaces the index by first save
-- (0006), whose (run_id, exercise) it keeps as a prefix.

DROP INDEX entries_run_exercise;
CREATE INDEX entries_run_exercise ON entries (run_id, exercise, saved_at, created_at, id);
