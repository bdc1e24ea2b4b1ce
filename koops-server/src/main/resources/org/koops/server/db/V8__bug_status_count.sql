-- How many bugs have each status: the bug list's count, read instead of counting the bugs at each view.
-- Changed in the transaction that changes a bug's status or opens a bug (StatusCounts), so it stays exact.
CREATE TABLE bug_status_count (
    status  VARCHAR(16) PRIMARY KEY,
    bugs    BIGINT      NOT NULL
);
INSERT INTO bug_status_count (status, bugs) SELECT 'open', COUNT(*) FROM bug WHERE status = 'open';
INSERT INTO bug_status_count (status, bugs) SELECT 'fix-pending', COUNT(*) FROM bug WHERE status = 'fix-pending';
INSERT INTO bug_status_count (status, bugs) SELECT 'fixed', COUNT(*) FROM bug WHERE status = 'fixed';
INSERT INTO bug_status_count (status, bugs) SELECT 'invalid', COUNT(*) FROM bug WHERE status = 'invalid';
INSERT INTO bug_status_count (status, bugs) SELECT 'duplicate', COUNT(*) FROM bug WHERE status = 'duplicate';
