-- Company staff (security review: first-use enrollment of the app's second factor). Staff who sign in with the
-- company provider without proof of MFA enroll the app's authenticator only through a one-time setup link an
-- administrator issues (`helpdesk setup-link --company NAME`) together with their company sign-in, never with the
-- company password alone. One schema for H2 (PostgreSQL mode) and PostgreSQL: keep to the SQL both speak.

-- The provider's stable identity of the person behind a staff principal ('oidc:NAME'): preferred_username is
-- editable at many providers, the issuer and subject are not. Set at the principal's first sign-in (or, for rows
-- from before this migration, at its next one); a sign-in whose subject differs is refused.
ALTER TABLE oidc_staff ADD COLUMN issuer VARCHAR(500);
ALTER TABLE oidc_staff ADD COLUMN subject VARCHAR(255);

-- One-time setup links for company staff. Only the SHA-256 of the token is stored. Bound to a principal (which may
-- not have signed in yet, so no foreign key); single use (claimed_at), expiring (expires_at), revocable (revoked_at:
-- issuing a new link for the principal revokes the older unused ones).
CREATE TABLE oidc_staff_setup_links (
    token_hash  VARCHAR(64)  PRIMARY KEY,
    principal   VARCHAR(200) NOT NULL,
    created_by  VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_at  TIMESTAMP WITH TIME ZONE,
    revoked_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX oidc_staff_setup_links_principal ON oidc_staff_setup_links (principal);
