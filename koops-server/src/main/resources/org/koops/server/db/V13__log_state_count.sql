-- How many submitted logs have each state: the log list's count, read instead of counting the logs at each
-- view. Changed in the transaction that stores a log or changes its state (StatusCounts), so it stays exact.
CREATE TABLE log_state_count (
    state   VARCHAR(16) PRIMARY KEY,
    logs    BIGINT      NOT NULL
);
INSERT INTO log_state_count (state, logs) SELECT 'pending', COUNT(*) FROM submitted_log WHERE state = 'pending';
INSERT INTO log_state_count (state, logs) SELECT 'analysed', COUNT(*) FROM submitted_log WHERE state = 'analysed';
INSERT INTO log_state_count (state, logs) SELECT 'failed', COUNT(*) FROM submitted_log WHERE state = 'failed';
