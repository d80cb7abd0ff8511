/**
 * The helpdesk console: the home page with the latest audit entries, one IAM user's page and the actions on it
 * (links, device reset, hardware token, console password), bulk invitations and invitations that send themselves,
 * the live walk-through, enforcement deadlines and lockouts. Every action goes through {@link io.github.mfaenroll.helpdesk.ActionGuard} and is audited.
 */
package io.github.mfaenroll.helpdesk;
