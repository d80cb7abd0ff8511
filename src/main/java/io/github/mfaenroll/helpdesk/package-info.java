/**
 * The helpdesk console: pages for helpdesk staff and administrators (signed in with a local account or the
 * identity provider), starting with who is signed in and the latest audit entries.
 */
package io.github.mfaenroll.helpdesk;
