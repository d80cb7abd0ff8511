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
     * @param reason AWS's reason when the account is unreachable; empty otherwise
     * @param problemKey the message saying why a reachable account has no figures (the compliance problem's, with
     *     {@code problemDetail} and {@code reference}); empty when it has them or is unreachable
     * @param rootMfa {@link ComplianceReport.RootMfa}'s name; empty without a report
     */
    public record Row(String accountId, String alias, String label, boolean reachable, boolean reported,
                      String reason, String problemKey, String problemDetail, String reference,
                      int withConsolePassword, int withConsolePasswordAndMfa, double percentCompliant, String rootMfa,
                      String complianceLink) {

        static Row of(AccountStanding standing) {
            Account account = standing.account();
            String link = ComplianceController.pathOf(account);
            String id = account.id().value();
            String alias = account.alias() == null ? "" : account.alias();
            if (!standing.reachability().reachable()) {
                return new Row(id, alias, account.label(), false, false, standing.reachability().reason(), "", "", "",
                        0, 0, 0, "", link);
            }
            if (!standing.reported()) {
                ComplianceProblem problem = standing.problem();
                return new Row(id, alias, account.label(), true, false, "", problem.kind().messageKey(),
                        problem.detail(), problem.reference(), 0, 0, 0, "", link);
            }
            ComplianceReport report = standing.report();
            ComplianceReport.Counts counts = report.counts();
            return new Row(id, alias, account.label(), true, true, "", "", "", "", counts.withConsolePassword(),
                    counts.withConsolePasswordAndMfa(), report.percentCompliant(), report.rootMfa().name(), link);
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
