-- Signing out of the company provider names the app by its client_id instead of sending the ID token back as
-- id_token_hint: a token in a URL sits in the browser's history and the provider's access log. Nothing else needs the
-- ID token after sign-in, so it is no longer kept, and those kept so far are dropped.
ALTER TABLE sessions ADD COLUMN company_sign_in BOOLEAN DEFAULT FALSE NOT NULL;
-- Emptied before the columns go: PostgreSQL's DROP COLUMN only hides a column, its values stay on disk until rows
-- are rewritten.
UPDATE sessions SET company_sign_in = TRUE, id_token = NULL WHERE id_token IS NOT NULL;
UPDATE oidc_staff_pending SET id_token = NULL WHERE id_token IS NOT NULL;
ALTER TABLE sessions DROP COLUMN id_token;
ALTER TABLE oidc_staff_pending DROP COLUMN id_token;
