package io.github.mfaenroll.compliance;

/** Where a user stands against the CIS control "MFA is enabled for all IAM users that have a console password". */
public enum ComplianceCategory {
    /** A console password and no MFA: what the CIS check flags. */
    NON_COMPLIANT,
    /** MFA is active (with or without a console password). */
    COMPLIANT_WITH_MFA,
    /** No console password and no MFA: the control does not apply (access keys only, or no credentials at all). */
    NO_CONSOLE_PASSWORD;

    /** The category of one user row of the credential report. */
    public static ComplianceCategory of(boolean passwordEnabled, boolean mfaActive) {
        if (mfaActive) {
            return COMPLIANT_WITH_MFA;
        }
        return passwordEnabled ? NON_COMPLIANT : NO_CONSOLE_PASSWORD;
    }
}
