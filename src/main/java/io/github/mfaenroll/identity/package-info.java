/**
 * Who is acting: server-side sessions with their CSRF token, the role a session carries, and the random tokens
 * behind sessions and links. The IAM user a session may act on is fixed when the session starts, never by a request.
 * How people sign in lives above: {@code onboarding} (links), {@code staff} (local accounts), {@code oidc}.
 */
package io.github.mfaenroll.identity;
