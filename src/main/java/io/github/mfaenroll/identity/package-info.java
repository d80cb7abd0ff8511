/**
 * Who is acting: onboarding links (random, hashed at rest, single use), local helpdesk accounts (Argon2id password
 * then a TOTP code, with lockout and a per-address rate limit), server-side sessions with their CSRF token, and the
 * roles a session carries. The IAM user a session may act on is fixed here, never by a request.
 */
package io.github.mfaenroll.identity;
