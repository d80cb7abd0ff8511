-- Staff who sign in with the company identity provider (issue "Trust", finding 3). Helpdesk and administrator roles
-- need two factors whichever way staff sign in: when the provider's ID token carries no proof of MFA (acr/amr), the
-- app asks for its own TOTP code, as it does for local accounts. One schema for H2 (PostgreSQL mode) and
-- PostgreSQL: keep to the SQL both speak.

-- One row per staff principal ('oidc:NAME') seen at a staff sign-in: the role and IAM user the provider's claims gave
-- it the last time (so the helpdesk can tell an administrator's IAM user), and its own authenticator.
-- totp_ciphertext is AES-256-GCM with the principal as associated data, NULL until enrolled; last_totp_step is the
-- replay guard; failed_attempts and locked_until limit wrong codes exactly as for local accounts.
CREATE TABLE oidc_staff (
    principal        VARCHAR(200) PRIMARY KEY,
    role             VARCHAR(20)  NOT NULL CHECK (role IN ('HELPDESK', 'ADMIN')),
    iam_user         VARCHAR(64),
    totp_ciphertext  VARCHAR(200),
    last_totp_step   BIGINT,
    failed_attempts  INTEGER      NOT NULL DEFAULT 0,
    locked_until     TIMESTAMP WITH TIME ZONE,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX oidc_staff_iam_user ON oidc_staff (iam_user);

-- A company sign-in of staff waiting for the app's second factor. The browser holds a random cookie; only its
-- SHA-256 is stored. Short-lived and single use. What the session will hold (role, IAM user, the ID token kept for
-- signing out at the provider) waits here, never in the browser. enrollment_ciphertext holds the key offered at the
-- first such sign-in (encrypted, bound to this row) until one valid code moves it to oidc_staff.
CREATE TABLE oidc_staff_pending (
    id_hash                VARCHAR(64)  PRIMARY KEY,
    principal              VARCHAR(200) NOT NULL REFERENCES oidc_staff (principal) ON DELETE CASCADE,
    role                   VARCHAR(20)  NOT NULL,
    iam_user               VARCHAR(64),
    id_token               VARCHAR(16000),
    enrollment_ciphertext  VARCHAR(200),
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at             TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX oidc_staff_pending_principal ON oidc_staff_pending (principal);
CREATE INDEX oidc_staff_pending_expiry ON oidc_staff_pending (expires_at);

-- The ID token of a company sign-in, kept with its session (never in a cookie, a URL of ours or a log) so that
-- signing out can end the session at the provider as well (RP-initiated logout, id_token_hint).
ALTER TABLE sessions ADD COLUMN id_token VARCHAR(16000);
