/**
 * HTTP: {@link io.github.mfaenroll.web.WebApp#create} builds the unstarted Javalin app with every route in one
 * place, the security filters (headers, sessions, CSRF, access by role), the Pebble renderer and the one mapping
 * from typed failures to error pages. Every page is in the reader's language ({@link io.github.mfaenroll.web.Languages}:
 * the switch's cookie, else {@code Accept-Language}, else English), with all text from the message bundles.
 */
package io.github.mfaenroll.web;
