-- Resync, the helpdesk's live walk-through, and enroll-by deadlines with reminders.
-- One schema for H2 (PostgreSQL mode) and PostgreSQL: keep to the SQL both speak.

-- The replay guard and failure count of self-service resync, per user and device. pair_hash is the SHA-256 of the
-- last code pair sent to IAM (never the codes), pair_step the server's 30-second step when it was sent: the same
-- pair is never sent twice. failed_attempts counts consecutive pairs IAM refused; last_failed_at starts the pause.
CREATE TABLE resync_attempts (
    iam_user         VARCHAR(64)  NOT NULL,
    serial_number    VARCHAR(512) NOT NULL,
    pair_hash        VARCHAR(64)  NOT NULL,
    pair_step        BIGINT       NOT NULL,
    failed_attempts  INTEGER      NOT NULL DEFAULT 0,
    last_failed_at   TIMESTAMP WITH TIME ZONE,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (iam_user, serial_number)
);

-- How far off the phone's clock was at the last clock problem, so the helpdesk's walk-through can say it
-- ("about 300 seconds ahead"). NULL for every other problem.
ALTER TABLE enrollments ADD COLUMN last_clock_offset_seconds BIGINT;

-- Enroll-by deadlines the helpdesk sets per IAM user; reminders go out before them, at most one per UTC day.
-- mfa_seen_at: when the reminder job found the user with MFA (no more reminders, no more IAM look-ups for them);
-- setting the deadline again clears it.
CREATE TABLE enrollment_deadlines (
    iam_user          VARCHAR(64)  PRIMARY KEY,
    enroll_by         DATE         NOT NULL,
    set_by            VARCHAR(200) NOT NULL,
    set_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    last_reminder_at  TIMESTAMP WITH TIME ZONE,
    mfa_seen_at       TIMESTAMP WITH TIME ZONE
);
CREATE INDEX enrollment_deadlines_enroll_by ON enrollment_deadlines (enroll_by);

-- The reminder job runs on one instance at a time, on its own lease (a long sweep never delays reminders).
INSERT INTO leases (name, holder, expires_at) VALUES ('reminders', NULL, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');
