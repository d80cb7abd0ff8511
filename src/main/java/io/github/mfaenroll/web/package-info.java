/**
 * HTTP plumbing that feature controllers stand on: the security filters (headers, sessions, CSRF, access by role),
 * the request context ({@link io.github.mfaenroll.web.WebContext}: session, client address, language), cookies, URL
 * paths, template names, the route record and its access levels, flash messages, and the pages every kind of session
 * shares (signing out, the language switch). Nothing here knows a feature; the route table and the error pages live in
 * {@code app}.
 */
package io.github.mfaenroll.web;
