package io.github.mfaenroll.compliance;

import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * The organization view (HTTP only), {@code /helpdesk/organization}: one row per configured account with its
 * reachability, the users with a console password, the share of them with MFA and the root user's MFA (CIS 1.5/1.6),
 * each row linking to the account's compliance view; the totals of the reported accounts; and the coverage chart of
 * all of them. An account that cannot be reached, or whose report AWS would not hand out, is a row that says why.
 */
public record OrganizationController(OrganizationCompliance compliance) {

    /**
     * One account's row.
     *
     * @param reason why there are no figures (AWS's reason when unreachable, else the problem's kind and reference);
     *     empty when there are
     * @param rootMfa {@link ComplianceReport.RootMfa}'s name; empty without a report
     */
    public record Row(String accountId, String alias, String label, boolean reachable, boolean reported,
                      String reason, int withConsolePassword, int withConsolePasswordAndMfa, double percentCompliant,
                      String rootMfa, String complianceLink) {

        static Row of(AccountStanding standing) {
            Account account = standing.account();
            String link = ComplianceController.pathOf(account);
            if (!standing.reported()) {
                return new Row(account.id().value(), nullToEmpty(account.alias()), account.label(),
                        standing.reachability().reachable(), false, standing.reason(), 0, 0, 0, "", link);
            }
            ComplianceReport report = standing.report();
            ComplianceReport.Counts counts = report.counts();
            return new Row(account.id().value(), nullToEmpty(account.alias()), account.label(), true, true, "",
                    counts.withConsolePassword(), counts.withConsolePasswordAndMfa(), report.percentCompliant(),
                    report.rootMfa().name(), link);
        }

        private static String nullToEmpty(String text) {
            return text == null ? "" : text;
        }
    }

    public void page(Context ctx) {
        List<AccountStanding> standings = compliance.standings();

        List<Row> rows = standings.stream().map(Row::of).toList();
        ctx.render(Templates.ORGANIZATION, WebContext.model(ctx, Map.of(
                "rows", rows,
                "totals", OrganizationTotals.of(standings),
                "chart", compliance.organizationChart())));
    }
}
