-- A bug's most frequent values of a facet (the bug list's three hosts and releases per bug) are read in this
-- index's order, stopping after the rows needed: through the key (bug, facet, value) the database read and
-- sorted all of the bug's rows of the facet, 200 hosts for the largest bugs, 10,000 rows for a page of them.
-- The price: a crash moves its facet rows' entries in this index too, as their counts change.
CREATE INDEX bug_facet_top ON bug_facet (bug_id, facet, crash_count DESC, facet_value);
