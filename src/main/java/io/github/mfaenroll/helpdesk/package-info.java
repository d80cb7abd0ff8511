/**
 * The helpdesk console: pages for helpdesk staff and administrators (signed in with a local account or the
 * identity provider): who is signed in and the latest audit entries, and the compliance view built from IAM's
 * credential report (who has a console password and no MFA).
 */
package io.github.mfaenroll.helpdesk;
