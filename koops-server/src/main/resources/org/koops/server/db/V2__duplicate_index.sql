-- A bug page lists the bugs marked duplicates of it: without an index, a scan of every bug.
CREATE INDEX bug_duplicate_of ON bug (duplicate_of);
