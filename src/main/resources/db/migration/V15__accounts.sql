-- An IAM user is an account and a name: IAM user names are unique only within an account. Every row that names an
-- IAM user gains the account it lives in. Rows written before this migration belong to the app's own account,
-- whose id SQL cannot know: they get '' here, and the next migration (V15_1, Java: OwnAccountAdoption) asks
-- sts:GetCallerIdentity for it and writes it in, only when such rows exist (so creating a new database needs no AWS
-- call). The default serves only this backfill and is dropped right after: an insert that forgets the account fails.

ALTER TABLE link_tokens ADD COLUMN account_id VARCHAR(12) DEFAULT '' NOT NULL;
ALTER TABLE link_tokens ALTER COLUMN account_id DROP DEFAULT;
DROP INDEX link_tokens_user;
CREATE INDEX link_tokens_user ON link_tokens (account_id, iam_user);

-- Staff sessions name no IAM user, so no account either.
ALTER TABLE sessions ADD COLUMN account_id VARCHAR(12);
UPDATE sessions SET account_id = '' WHERE iam_user IS NOT NULL;
DROP INDEX sessions_iam_user;
CREATE INDEX sessions_iam_user ON sessions (account_id, iam_user);

ALTER TABLE enrollments ADD COLUMN account_id VARCHAR(12) DEFAULT '' NOT NULL;
ALTER TABLE enrollments ALTER COLUMN account_id DROP DEFAULT;
DROP INDEX enrollments_user_state;
CREATE INDEX enrollments_user_state ON enrollments (account_id, iam_user, state);

-- Device names stay the key: the app makes them unique across accounts (a random part in every name).
ALTER TABLE created_devices ADD COLUMN account_id VARCHAR(12) DEFAULT '' NOT NULL;
ALTER TABLE created_devices ALTER COLUMN account_id DROP DEFAULT;

-- Entries about staff name no IAM user, so no account either.
ALTER TABLE audit_log ADD COLUMN account_id VARCHAR(12);
-- Before this migration every entry about an IAM user was about the own account: those with an action only taken
-- on IAM users, and any other whose subject is a user the app has seen (sign-ins, mail).
UPDATE audit_log SET account_id = ''
    WHERE subject IS NOT NULL AND (action IN ('LINK_ISSUED', 'LINK_CLAIMED', 'LINK_CLAIM_REFUSED', 'LINK_REVOKED',
            'ENROLLMENT_STARTED', 'DEVICE_CREATED', 'VERIFICATION_FAILED', 'DEVICE_ENABLED', 'ENROLLMENT_CANCELLED',
            'ENROLLMENT_EXPIRED', 'ENROLLMENT_FAILED', 'DEVICE_DELETED', 'DEVICE_RESET', 'HARDWARE_DEVICE_ASSIGNED',
            'CONSOLE_PASSWORD_REMOVED', 'LINK_RESENT', 'INVITATION_SKIPPED', 'DEVICE_RESYNCED', 'RESYNC_FAILED',
            'DEADLINE_SET', 'DEADLINE_CLEARED', 'USER_LOCKED_OUT', 'LOCKOUT_LIFTED')
        OR subject IN (SELECT iam_user FROM link_tokens UNION SELECT iam_user FROM enrollments));
DROP INDEX audit_log_subject;
CREATE INDEX audit_log_subject ON audit_log (account_id, subject, occurred_at);

-- One active enrollment per user: the key becomes (account, user). Rebuilt, because dropping a primary key is
-- spelled differently by H2 and PostgreSQL.
CREATE TABLE active_enrollments_by_account (
    account_id     VARCHAR(12) NOT NULL,
    iam_user       VARCHAR(64) NOT NULL,
    enrollment_id  VARCHAR(36) NOT NULL UNIQUE,
    PRIMARY KEY (account_id, iam_user)
);
INSERT INTO active_enrollments_by_account (account_id, iam_user, enrollment_id)
    SELECT '', iam_user, enrollment_id FROM active_enrollments;
DROP TABLE active_enrollments;
ALTER TABLE active_enrollments_by_account RENAME TO active_enrollments;

-- Serial numbers are ARNs that name their account, so these keys stay as they are.
ALTER TABLE resync_attempts ADD COLUMN account_id VARCHAR(12) DEFAULT '' NOT NULL;
ALTER TABLE resync_attempts ALTER COLUMN account_id DROP DEFAULT;
ALTER TABLE resync_pairs ADD COLUMN account_id VARCHAR(12) DEFAULT '' NOT NULL;
ALTER TABLE resync_pairs ALTER COLUMN account_id DROP DEFAULT;

CREATE TABLE enrollment_deadlines_by_account (
    account_id        VARCHAR(12)  NOT NULL,
    iam_user          VARCHAR(64)  NOT NULL,
    enroll_by         DATE         NOT NULL,
    set_by            VARCHAR(200) NOT NULL,
    set_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    last_reminder_at  TIMESTAMP WITH TIME ZONE,
    mfa_seen_at       TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (account_id, iam_user)
);
INSERT INTO enrollment_deadlines_by_account
        (account_id, iam_user, enroll_by, set_by, set_at, last_reminder_at, mfa_seen_at)
    SELECT '', iam_user, enroll_by, set_by, set_at, last_reminder_at, mfa_seen_at
    FROM enrollment_deadlines;
DROP TABLE enrollment_deadlines;
ALTER TABLE enrollment_deadlines_by_account RENAME TO enrollment_deadlines;
CREATE INDEX enrollment_deadlines_enroll_by ON enrollment_deadlines (enroll_by);

ALTER TABLE verification_failures ADD COLUMN account_id VARCHAR(12) DEFAULT '' NOT NULL;
ALTER TABLE verification_failures ALTER COLUMN account_id DROP DEFAULT;
DROP INDEX verification_failures_user;
CREATE INDEX verification_failures_user ON verification_failures (account_id, iam_user, failed_at);

CREATE TABLE user_lockouts_by_account (
    account_id    VARCHAR(12)  NOT NULL,
    iam_user      VARCHAR(64)  NOT NULL,
    locked_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until  TIMESTAMP WITH TIME ZONE NOT NULL,
    reason        VARCHAR(200) NOT NULL,
    lifted_at     TIMESTAMP WITH TIME ZONE,
    lifted_by     VARCHAR(200),
    PRIMARY KEY (account_id, iam_user)
);
INSERT INTO user_lockouts_by_account
        (account_id, iam_user, locked_at, locked_until, reason, lifted_at, lifted_by)
    SELECT '', iam_user, locked_at, locked_until, reason, lifted_at, lifted_by FROM user_lockouts;
DROP TABLE user_lockouts;
ALTER TABLE user_lockouts_by_account RENAME TO user_lockouts;
CREATE INDEX user_lockouts_until ON user_lockouts (locked_until);

-- A bulk invitation covers one account, or the whole organization (NULL).
ALTER TABLE bulk_invitation_jobs ADD COLUMN account_id VARCHAR(12);
UPDATE bulk_invitation_jobs SET account_id = '';

-- A company sign-in may match the person's IAM users in several accounts (the same email tag in dev and prod): the
-- session is bound to all of them ("ACCOUNT/NAME" separated by spaces; neither character can occur in an IAM user
-- name) and enrolls one at a time, the one in account_id and iam_user. NULL: bound to that one user only.
ALTER TABLE sessions ADD COLUMN bound_users VARCHAR(4000);
