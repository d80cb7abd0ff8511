-- An enrollment belongs to the session that started it, not to its IAM user: only that session sees the seed,
-- verifies or cancels. A session's key is random, server-side only, and survives the id rotation after a device is
-- bound (the cookie changes, the sign-in does not). Sessions from before this migration keep their id hash as key;
-- enrollments from before it belong to no session, so the next start replaces them.
ALTER TABLE sessions ADD COLUMN session_key VARCHAR(64);
UPDATE sessions SET session_key = id_hash;
ALTER TABLE sessions ALTER COLUMN session_key SET NOT NULL;
CREATE INDEX sessions_iam_user ON sessions (iam_user);

ALTER TABLE enrollments ADD COLUMN session_key VARCHAR(64);
CREATE INDEX enrollments_session_key ON enrollments (session_key);

-- Staff signed in with the company provider before staff needed two factors there: their sessions end now, so the
-- next sign-in goes through the second factor.
DELETE FROM sessions WHERE role IN ('HELPDESK', 'ADMIN') AND principal LIKE 'oidc:%';
