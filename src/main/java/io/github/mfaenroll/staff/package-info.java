/**
 * Local helpdesk and administrator accounts, so the embedded default works without an identity provider: an Argon2id
 * password, then a TOTP code, with a lockout per account and a limit per client address; and the sign-in pages.
 */
package io.github.mfaenroll.staff;
