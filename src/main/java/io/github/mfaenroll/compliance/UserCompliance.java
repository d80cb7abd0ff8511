package io.github.mfaenroll.compliance;

import java.time.Instant;

/**
 * One IAM user's line in the compliance view: what the credential report says, and the category that follows.
 *
 * @param passwordLastUsed null when IAM has no time (no password, or never used)
 */
public record UserCompliance(String user, String arn, ComplianceCategory category, boolean passwordEnabled,
                             boolean mfaActive, Instant passwordLastUsed) {

    static UserCompliance of(CredentialReportRow row) {
        return new UserCompliance(row.user(), row.arn(), ComplianceCategory.of(row.passwordEnabled(), row.mfaActive()),
                row.passwordEnabled(), row.mfaActive(), row.passwordLastUsed());
    }
}
