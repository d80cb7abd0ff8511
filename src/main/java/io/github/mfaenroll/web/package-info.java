/**
 * HTTP: {@link io.github.mfaenroll.web.WebApp#create} builds the unstarted Javalin app with every route in one
 * place, the security filters (headers, sessions, CSRF, access by role), the Pebble renderer and the one mapping
 * from typed failures to error pages.
 */
package io.github.mfaenroll.web;
