package io.github.mfaenroll.compliance;

import java.util.List;

/**
 * The figures of every account with a report, added up: what the organization view's last row and the {@code totals}
 * of the JSON report show. Accounts without a report are counted, never guessed at.
 *
 * @param accounts configured accounts
 * @param reported accounts whose credential report was read
 * @param counts the reported accounts' counts, summed
 * @param rootMfaActive reported accounts whose root user has MFA (CIS 1.5/1.6)
 * @param rootMfaNotActive reported accounts whose root user has none
 */
public record OrganizationTotals(int accounts, int reported, ComplianceReport.Counts counts, int rootMfaActive,
                                 int rootMfaNotActive) {

    public static OrganizationTotals of(List<AccountStanding> standings) {
        int reported = 0;
        int users = 0;
        int nonCompliant = 0;
        int withMfa = 0;
        int noPassword = 0;
        int withPassword = 0;
        int withPasswordAndMfa = 0;
        int rootActive = 0;
        int rootNotActive = 0;
        for (AccountStanding standing : standings) {
            if (!standing.reported()) {
                continue;
            }
            reported++;
            ComplianceReport.Counts counts = standing.counts();
            users += counts.users();
            nonCompliant += counts.nonCompliant();
            withMfa += counts.compliantWithMfa();
            noPassword += counts.noConsolePassword();
            withPassword += counts.withConsolePassword();
            withPasswordAndMfa += counts.withConsolePasswordAndMfa();
            switch (standing.report().rootMfa()) {
                case ACTIVE -> rootActive++;
                case NOT_ACTIVE -> rootNotActive++;
                case NOT_IN_REPORT -> { }
            }
        }
        return new OrganizationTotals(standings.size(), reported, new ComplianceReport.Counts(users, nonCompliant,
                withMfa, noPassword, withPassword, withPasswordAndMfa), rootActive, rootNotActive);
    }

    /** Accounts without a report (unreachable, or IAM would not hand it out). */
    public int unreported() {
        return accounts - reported;
    }

    /** The share with MFA over every reported account, rounded as each account's is. */
    public double percentCompliant() {
        return Coverage.percent(counts.withConsolePasswordAndMfa(), counts.withConsolePassword());
    }
}
