package io.github.mfaenroll.helpdesk;

/**
 * Limits on the helpdesk's power over IAM users.
 *
 * @param staffTagKey the IAM user tag whose value names the staff member the user belongs to (a local account name,
 *                    or a company principal {@code oidc:NAME}): staff never act on their own IAM user, and a user
 *                    that belongs to an administrator is for administrators only
 * @param protectedTagKey an IAM user carrying this tag (any value) is for administrators only
 */
public record HelpdeskSettings(String staffTagKey, String protectedTagKey) {
}
