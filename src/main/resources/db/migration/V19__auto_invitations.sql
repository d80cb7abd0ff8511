-- Invitations that send themselves (MFA_AUTO_INVITE, issue 15).
-- One SQL both H2 (PostgreSQL mode) and PostgreSQL speak.

-- When the app first ran with the feature on: users IAM created before it are left alone unless
-- MFA_AUTO_INVITE_EXISTING=true was set when this row was written (invite_existing, cleared by the first run that
-- reached every account, so the setting left on never mails everyone again). turned_on_at is written once and never
-- moved, so restarts and off/on cycles keep it. last_run_at: when any instance last started a run, so instances that
-- share the database run once per interval between them, not once each.
CREATE TABLE auto_invite_baseline (
    id               INT PRIMARY KEY,
    turned_on_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    invite_existing  BOOLEAN NOT NULL,
    last_run_at      TIMESTAMP WITH TIME ZONE
);

-- One row per (account, user) the feature has dealt with. The primary key is the claim: a row moves to SENDING,
-- committed, before any mail goes out, so a second instance or a run after a crash never mails the user again.
-- state: SENDING, SENT, FAILED (retried up to a bound), GAVE_UP, NO_ADDRESS, BAD_ADDRESS, PROTECTED, UNCONFIRMED,
-- RESOLVED. checked_at: when a run last looked at a user waiting for a tag or a retry (looked at once a day).
CREATE TABLE auto_invitations (
    account_id        VARCHAR(12)  NOT NULL,
    iam_user          VARCHAR(64)  NOT NULL,
    state             VARCHAR(20)  NOT NULL,
    attempts          INT          NOT NULL,
    link_id           VARCHAR(36),
    user_created_at   TIMESTAMP WITH TIME ZONE,
    first_seen_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    checked_at        TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (account_id, iam_user)
);
CREATE INDEX auto_invitations_state ON auto_invitations (state);

INSERT INTO leases (name, holder, expires_at)
VALUES ('auto-invitations', NULL, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');
