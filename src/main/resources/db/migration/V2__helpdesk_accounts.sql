-- Local helpdesk accounts, so the embedded default works without an identity provider.
-- One schema for H2 (PostgreSQL mode) and PostgreSQL: keep to the SQL both speak.

-- name is stored lower-case (sign-in is case-insensitive). password_hash is an Argon2id PHC string.
-- totp_ciphertext is the authenticator key, AES-256-GCM with the account name as associated data; NULL until the
-- account enrolls an authenticator at its first sign-in. last_totp_step is the replay guard: a code is accepted
-- only for a later time step, so no code is ever accepted twice.
CREATE TABLE helpdesk_accounts (
    name             VARCHAR(64)  PRIMARY KEY,
    password_hash    VARCHAR(200) NOT NULL,
    role             VARCHAR(20)  NOT NULL CHECK (role IN ('HELPDESK', 'ADMIN')),
    totp_ciphertext  VARCHAR(200),
    last_totp_step   BIGINT,
    failed_attempts  INTEGER      NOT NULL DEFAULT 0,
    locked_until     TIMESTAMP WITH TIME ZONE,
    created_by       VARCHAR(200) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A correct password waiting for its second factor. The browser holds a random cookie; only its SHA-256 is stored.
-- Short-lived and single use. enrollment_ciphertext holds the key offered at a first sign-in (encrypted, bound to
-- this row) until one valid code moves it to the account.
CREATE TABLE helpdesk_pending_sign_ins (
    id_hash                VARCHAR(64)  PRIMARY KEY,
    account_name           VARCHAR(64)  NOT NULL REFERENCES helpdesk_accounts (name) ON DELETE CASCADE,
    enrollment_ciphertext  VARCHAR(200),
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at             TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX helpdesk_pending_sign_ins_account ON helpdesk_pending_sign_ins (account_name);
CREATE INDEX helpdesk_pending_sign_ins_expiry ON helpdesk_pending_sign_ins (expires_at);

-- Sign-in attempts per client address in a fixed window, in the database so that several instances share the count.
CREATE TABLE sign_in_attempts (
    client_address  VARCHAR(64)  PRIMARY KEY,
    window_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts        INTEGER      NOT NULL
);
CREATE INDEX sign_in_attempts_window ON sign_in_attempts (window_start);

-- Failure counts for names that are not accounts, keyed by the SHA-256 of the name, so that an unknown name locks
-- exactly like a real one: the lockout message must not tell which names exist.
CREATE TABLE sign_in_unknown_names (
    name_hash        VARCHAR(64)  PRIMARY KEY,
    failed_attempts  INTEGER      NOT NULL,
    locked_until     TIMESTAMP WITH TIME ZONE,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sign_in_unknown_names_updated ON sign_in_unknown_names (updated_at);
