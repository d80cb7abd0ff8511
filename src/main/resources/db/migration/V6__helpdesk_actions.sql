-- Helpdesk actions: links that let a user who already has MFA add another device, bulk invitations and their progress.
-- One schema for H2 (PostgreSQL mode) and PostgreSQL: keep to the SQL both speak.

-- A helpdesk member may issue a link that allows adding a device although the user already has MFA; the allowance
-- travels from the link to the session created when it is claimed, and nowhere else. bulk_job_id names the bulk
-- invitation that issued the link, so a second run can tell who was already invited.
ALTER TABLE link_tokens ADD COLUMN allow_additional_device BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE link_tokens ADD COLUMN bulk_job_id VARCHAR(36);
ALTER TABLE sessions ADD COLUMN allow_additional_device BOOLEAN DEFAULT FALSE NOT NULL;

-- "Invite every user without MFA": one row per run with its progress, read by the progress page on any instance.
-- total is NULL while the users are still being looked up. At most one run at a time: the job holds the
-- 'bulk-invitations' lease while it runs.
CREATE TABLE bulk_invitation_jobs (
    id           VARCHAR(36)  PRIMARY KEY,
    created_by   VARCHAR(200) NOT NULL,
    state        VARCHAR(20)  NOT NULL,
    total        INTEGER,
    sent         INTEGER      DEFAULT 0 NOT NULL,
    skipped      INTEGER      DEFAULT 0 NOT NULL,
    failed       INTEGER      DEFAULT 0 NOT NULL,
    reference    VARCHAR(20),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX bulk_invitation_jobs_created ON bulk_invitation_jobs (created_at);
CREATE INDEX link_tokens_bulk_job ON link_tokens (bulk_job_id);
INSERT INTO leases (name, holder, expires_at)
    VALUES ('bulk-invitations', NULL, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');
