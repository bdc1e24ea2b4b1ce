-- A bug's first crash, its latest 1,000 (its page) and its crash list are read in this index's order,
-- backwards for the latest, and the reading stops after the rows needed (Queries.CRASHES_LATEST_FIRST).
CREATE INDEX crash_bug_time_id ON crash (bug_id, crash_time, id);
DROP INDEX crash_bug_time;
