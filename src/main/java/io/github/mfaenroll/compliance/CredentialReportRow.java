package io.github.mfaenroll.compliance;

import java.time.Instant;

/**
 * One row of IAM's credential report, reduced to the columns the compliance view reads.
 *
 * @param user the user name, or {@code <root_account>} for the account's root user
 * @param arn the user's ARN
 * @param root whether this is the {@code <root_account>} row (its {@code password_enabled} is {@code not_supported})
 * @param passwordEnabled whether the user has a console password (false for the root row)
 * @param passwordLastUsed when the console password was last used; null when IAM has no time for it ({@code N/A}: no
 *     password; {@code no_information}: never used, or not since IAM started recording in October 2014)
 * @param mfaActive whether an MFA device is enabled for the user
 */
public record CredentialReportRow(String user, String arn, boolean root, boolean passwordEnabled,
                                  Instant passwordLastUsed, boolean mfaActive) {
}
