-- Sign-ins with the company identity provider that were started and not yet finished. Kept in the database so
-- whichever instance receives the callback can finish the flow. state_hash is the SHA-256 of the state parameter;
-- browser_hash the SHA-256 of the binding cookie set on the browser that started it. nonce and code_verifier are
-- short-lived secrets that exist only here: a row lives at most 10 minutes and is deleted when used.
CREATE TABLE oidc_logins (
    state_hash     VARCHAR(64)  PRIMARY KEY,
    browser_hash   VARCHAR(64)  NOT NULL,
    nonce          VARCHAR(128) NOT NULL,
    code_verifier  VARCHAR(128) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX oidc_logins_created ON oidc_logins (created_at);
