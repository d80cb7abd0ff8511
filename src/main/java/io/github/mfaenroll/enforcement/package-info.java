/**
 * Enforcing MFA: per-user enroll-by deadlines the helpdesk sets, the reminder job that mails people before theirs,
 * and AWS's published policy that blocks everything but MFA self-management until MFA is present.
 */
package io.github.mfaenroll.enforcement;
