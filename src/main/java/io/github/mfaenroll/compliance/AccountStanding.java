package io.github.mfaenroll.compliance;

import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.Reachability;

/**
 * Where one account stands: its credential report, or why there is none. An account that cannot be reached, or whose
 * report could not be fetched, is a state to show next to the others, never an exception that breaks a page about
 * every account.
 *
 * @param reachability whether the app can act in the account, with AWS's reason when it cannot
 * @param report the account's report; null when unreachable or when the report could not be fetched
 * @param problem why a reachable account has no report; null otherwise
 */
public record AccountStanding(Account account, Reachability reachability, ComplianceReport report,
                              ComplianceProblem problem) {

    static AccountStanding unreachable(Account account, Reachability reachability) {
        return new AccountStanding(account, reachability, null, null);
    }

    static AccountStanding failed(Account account, ComplianceProblem problem) {
        return new AccountStanding(account, Reachability.REACHABLE, null, problem);
    }

    static AccountStanding of(Account account, ComplianceReport report) {
        return new AccountStanding(account, Reachability.REACHABLE, report, null);
    }

    /** Whether there is a report to show. */
    public boolean reported() {
        return report != null;
    }

    /** The account's counts; null without a report. */
    public ComplianceReport.Counts counts() {
        return report == null ? null : report.counts();
    }

    /** Why there is no report, for people and the command line: AWS's reason, or the problem's kind and reference. */
    public String reason() {
        if (!reachability.reachable()) {
            return reachability.reason();
        }
        return problem == null ? null : problem.kind().name() + " (reference " + problem.reference() + ")";
    }
}
