package io.github.mfaenroll.enrollment;

/**
 * One of the IAM users a company sign-in proved to be the person's, as the start page lists them: which account
 * (alias and id), which user, whether it has MFA, and whether the session is working on it now.
 *
 * @param hasMfa whether IAM lists an MFA device for the user; null when the account could not be asked
 */
public record UserAccount(String accountId, String accountLabel, String userName, Boolean hasMfa, boolean current) {
}
