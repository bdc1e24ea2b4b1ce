-- What the server changed of a submission and says so: a time outside the plausible window, replaced.
ALTER TABLE submitted_log ADD COLUMN notice VARCHAR(500);
