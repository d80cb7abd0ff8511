package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.compliance.ComplianceCategory;
import io.github.mfaenroll.compliance.ComplianceProblem;
import io.github.mfaenroll.compliance.ComplianceReport;
import io.github.mfaenroll.compliance.OrganizationCompliance;
import io.github.mfaenroll.enforcement.Deadlines;
import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * An enroll-by deadline for everyone who still lacks MFA: in one account, or in every account of the organization.
 * Who that is comes from each account's credential report (the compliance view's source, cached), so a deadline for
 * a thousand people costs no IAM call per person. An account whose report cannot be read is left out and named.
 */
public record DeadlinesForEveryone(OrganizationCompliance compliance, Deadlines deadlines) {

    /** What was done: the deadline's outcome, how many users got it, and the accounts that could not be read. */
    public record Outcome(Deadlines.ManySet set, List<String> unreadAccounts) {
    }

    /** @param account the one account, or null for every account the deployment serves */
    public Outcome set(AccountId account, String date, String actor) {
        List<AccountUser> withoutMfa = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        List<Account> scope = account == null ? compliance.directory().accounts()
                : compliance.directory().byId(account).map(List::of).orElse(List.of());
        for (Account each : scope) {
            try {
                ComplianceReport report = compliance.of(each).current();
                report.users().stream().filter(u -> u.category() == ComplianceCategory.NON_COMPLIANT)
                        .forEach(u -> withoutMfa.add(new AccountUser(each.id(), u.user())));
            } catch (IamFailure | ComplianceProblem e) {
                unread.add(each.label());
            }
        }
        return new Outcome(deadlines.setForEach(withoutMfa, date, actor), unread);
    }
}
