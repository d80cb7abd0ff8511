-- Coverage over time (issue 14): one row per AWS account per day with the two figures the CIS control is about,
-- taken whenever the app reads an account's credential report. The day's row is replaced by later reads of the same
-- day, so a chart of the last 90 days has at most one point per account per day; days nobody read a report stay
-- missing (drawn as gaps, never as zeros).
-- One schema for H2 (PostgreSQL mode) and PostgreSQL: keep to the SQL both speak.
CREATE TABLE coverage_snapshots (
    account_id              VARCHAR(12) NOT NULL,
    snapshot_day            DATE        NOT NULL,
    with_console_password   INTEGER     NOT NULL,
    with_console_password_and_mfa INTEGER NOT NULL,
    taken_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (account_id, snapshot_day)
);
CREATE INDEX coverage_snapshots_day ON coverage_snapshots (snapshot_day);
