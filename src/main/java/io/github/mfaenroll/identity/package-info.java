/**
 * Who is acting: onboarding links (random, hashed at rest, single use), server-side sessions with their CSRF
 * token, and the roles a session carries. The IAM user a session may act on is fixed here, never by a request.
 */
package io.github.mfaenroll.identity;
