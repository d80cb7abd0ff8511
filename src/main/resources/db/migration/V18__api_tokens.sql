-- API tokens (issue 15): what systems that create IAM users present to /api/... as a bearer token. Only the SHA-256
-- of a token is kept, never the token: it is shown once, when it is created. A name is never reused, even after its
-- token is revoked, so an audit entry's "api:NAME" always means one token.
-- scopes holds the scopes' wire names, comma-separated (a closed set the app checks; no array type both speak).
-- One schema for H2 (PostgreSQL mode) and PostgreSQL: keep to the SQL both speak.
CREATE TABLE api_tokens (
    name          VARCHAR(40)  PRIMARY KEY,
    token_hash    VARCHAR(64)  NOT NULL UNIQUE,
    scopes        VARCHAR(200) NOT NULL,
    created_by    VARCHAR(200) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    revoked_by    VARCHAR(200),
    last_used_at  TIMESTAMP WITH TIME ZONE
);
