-- One-time setup links for local helpdesk accounts (issue "Trust", finding 5): the authenticator of a new account is
-- enrolled through a link that `helpdesk add` prints, not by whoever first knows the password. Only the SHA-256 of
-- the token is stored. A link is single use (claimed_at), expiring (expires_at) and revocable (revoked_at: issuing a
-- new link for the account revokes the older ones). One schema for H2 (PostgreSQL mode) and PostgreSQL.
CREATE TABLE helpdesk_setup_links (
    token_hash    VARCHAR(64)  PRIMARY KEY,
    account_name  VARCHAR(64)  NOT NULL REFERENCES helpdesk_accounts (name) ON DELETE CASCADE,
    created_by    VARCHAR(200) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_at    TIMESTAMP WITH TIME ZONE,
    revoked_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX helpdesk_setup_links_account ON helpdesk_setup_links (account_name);
