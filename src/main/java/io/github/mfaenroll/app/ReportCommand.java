package io.github.mfaenroll.app;

import io.github.mfaenroll.compliance.AccountStanding;
import io.github.mfaenroll.compliance.ComplianceCsv;
import io.github.mfaenroll.compliance.ComplianceFilter;
import io.github.mfaenroll.compliance.ComplianceJson;
import io.github.mfaenroll.compliance.ComplianceReport;
import io.github.mfaenroll.compliance.OrganizationCompliance;
import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.UnknownAccount;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code report [--json] [--demo] [--show CATEGORY] [--account ID_OR_ALIAS]}: the compliance view of every configured
 * account on standard output, from the same credential reports and the same code as the helpdesk's views. Standard
 * output carries only the data (CSV with a header, or one JSON object), so it can be piped; what happened goes to
 * standard error, one line per account.
 *
 * <p>The shapes extend the one-account ones: the CSV's rows start with {@code account_id,account_alias}, then the
 * one-account columns; the JSON has one section per account (the one-account object under {@code report}) and
 * organization totals. An account that cannot be reached, or whose report AWS would not hand out, is a line on
 * standard error and a JSON section with the reason; the other accounts are still printed, and the exit code is
 * {@value #SOME_ACCOUNTS_MISSING}. With one account in scope, its failure stops the command as before (exit 1, nothing
 * printed).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print who has MFA in each account, from IAM's credential reports: CSV (default) or JSON.",
        footerHeading = "%nExamples:%n",
        footer = {"  java -jar mfa-enroll.jar report --demo",
                "  java -jar mfa-enroll.jar report --show noncompliant > to-invite.csv",
                "  java -jar mfa-enroll.jar report --account prod --json | jq '.accounts[0].report.percentCompliant'",
                "  java -jar mfa-enroll.jar report --json | jq .totals.percentCompliant"})
final class ReportCommand implements Callable<Integer> {

    /** The exit code when some accounts were printed and others could not be. */
    static final int SOME_ACCOUNTS_MISSING = 3;

    @ParentCommand
    Main main;

    @Option(names = "--json",
            description = "One JSON object: accounts[{accountId, accountAlias, reachable, reason, report{generatedAt,"
                    + " counts, percentCompliant, rootMfaActive, users}}], totals.")
    boolean json;

    @Mixin
    Main.DemoOption demoOption;

    @Option(names = "--show", paramLabel = "CATEGORY", defaultValue = "all",
            description = "Which users: all (default), noncompliant (console password, no MFA), mfa, nopassword.")
    String show;

    @Option(names = "--account", paramLabel = "ID_OR_ALIAS",
            description = "Only this account (its 12-digit id or its alias); default: every configured account.")
    String account;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!ComplianceFilter.Show.fromParam(show).param().equals(show)) {
            throw new ParameterException(spec.commandLine(),
                    "--show must be one of all, noncompliant, mfa, nopassword (was " + show + ")");
        }
        AppConfig config = main.config();
        try (Components components = Main.components(config, demoOption.demo)) {
            OrganizationCompliance compliance = components.reportCompliance();
            List<Account> accounts = accountsInScope(compliance.directory());
            List<AccountStanding> standings = new ArrayList<>();
            for (Account one : accounts) {
                AccountStanding standing = compliance.standing(one);
                if (accounts.size() == 1 && standing.problem() != null) {
                    throw standing.problem(); // as before: the sentence and reference, nothing on standard output
                }
                standings.add(standing);
            }

            // UTF-8 whatever the platform default: user names are ASCII, but the output is for other programs. Each row
            // is written as it is produced, never the whole output in memory next to the reports (50,000 users: 10 MB).
            Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
            ComplianceFilter filter = ComplianceFilter.of(show, null);
            if (json) {
                ComplianceJson.writeAccounts(standings, filter, out);
            } else {
                ComplianceCsv.writeAccounts(standings, filter, out);
            }
            standings.forEach(ReportCommand::describe);
            return standings.stream().allMatch(AccountStanding::reported) ? 0 : SOME_ACCOUNTS_MISSING;
        }
    }

    /** Every configured account, or the one {@code --account} names (a usage error when it names none). */
    private List<Account> accountsInScope(AccountDirectory directory) {
        if (account == null) {
            return directory.accounts();
        }
        try {
            return List.of(directory.find(account));
        } catch (UnknownAccount e) {
            String configured = directory.accounts().stream()
                    .map(a -> a.alias() == null ? a.id().value() : a.id().value() + " (" + a.alias() + ")")
                    .collect(Collectors.joining(", "));
            throw new ParameterException(spec.commandLine(),
                    "--account " + account + " names no configured account; configured: " + configured);
        }
    }

    /** One line on standard error per account: its figures, or why there are none. */
    private static void describe(AccountStanding standing) {
        String name = standing.account().alias() == null ? standing.account().id().value()
                : standing.account().id().value() + " (" + standing.account().alias() + ")";
        if (!standing.reported()) {
            System.err.println("Account " + name + ": no report, "
                    + (standing.reachability().reachable() ? "" : "unreachable: ") + standing.reason());
            return;
        }
        ComplianceReport report = standing.report();
        ComplianceReport.Counts counts = report.counts();
        System.err.println("Account " + name + ": credential report generated by IAM at " + report.generatedAt() + ": "
                + counts.users() + " users, " + counts.nonCompliant() + " with a console password and no MFA, "
                + report.percentCompliant() + "% of users with a console password have MFA.");
    }
}
