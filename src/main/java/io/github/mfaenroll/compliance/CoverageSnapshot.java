package io.github.mfaenroll.compliance;

import io.github.mfaenroll.iam.AccountId;
import java.time.LocalDate;

/**
 * One account's coverage on one day: how many IAM users had a console password and how many of those had MFA (the two
 * figures of the CIS control), as the day's last read of the credential report said.
 *
 * @param day the UTC date the report was read on
 */
public record CoverageSnapshot(AccountId account, LocalDate day, int withConsolePassword,
                               int withConsolePasswordAndMfa) {

    /** The snapshot of a report read on {@code day}. */
    public static CoverageSnapshot of(AccountId account, LocalDate day, ComplianceReport report) {
        ComplianceReport.Counts counts = report.counts();
        return new CoverageSnapshot(account, day, counts.withConsolePassword(), counts.withConsolePasswordAndMfa());
    }

    /**
     * The share with MFA, rounded down to one decimal as the compliance view rounds it (never 100 % while someone is
     * missing MFA); 100 when nobody has a console password.
     */
    public double percent() {
        return Coverage.percent(withConsolePasswordAndMfa, withConsolePassword);
    }
}
