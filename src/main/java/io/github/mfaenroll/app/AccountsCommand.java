package io.github.mfaenroll.app;

import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.Reachability;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code accounts [--demo]}: every AWS account the app serves ({@code MFA_ACCOUNTS}), one line each on standard output:
 * id, alias, whether it is the app's own account, and whether it can be reached now, with AWS's reason when not. The
 * exit code is 1 when an account cannot be reached, so a deployment check can run it.
 */
@Command(name = "accounts", mixinStandardHelpOptions = true,
        description = {"List the AWS accounts the app serves (MFA_ACCOUNTS), each with whether the app can reach it.",
                "Columns: account id, alias (- for none), own or member, reachable or unreachable: AWS's reason.",
                "Exits 1 when an account cannot be reached."},
        footerHeading = "%nExamples:%n",
        footer = {"  java -jar mfa-enroll.jar accounts --demo",
                "  MFA_ACCOUNTS=organization java -jar mfa-enroll.jar accounts"})
final class AccountsCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    Main.DemoOption demoOption;

    @Override
    public Integer call() {
        AppConfig config = main.config();
        try (Components components = Main.components(config, demoOption.demo)) {
            AccountDirectory directory = components.accounts();
            List<Account> accounts = directory.accounts();
            int idWidth = 12;
            int aliasWidth = accounts.stream().mapToInt(a -> aliasOf(a).length()).max().orElse(1);
            PrintWriter out = new PrintWriter(System.out, true);
            int unreachable = 0;
            for (Account account : accounts) {
                Reachability reachability = directory.reachability(account.id());
                if (!reachability.reachable()) {
                    unreachable++;
                }
                out.println(String.format("%-" + idWidth + "s  %-" + aliasWidth + "s  %-6s  %s", account.id().value(),
                        aliasOf(account), account.own() ? "own" : "member",
                        reachability.reachable() ? "reachable" : "unreachable: " + reachability.reason()));
            }
            System.err.println(accounts.size() + " account(s), " + (unreachable == 0 ? "all reachable."
                    : unreachable + " unreachable: check the member role (MFA_MEMBER_ROLE) in each of them."));
            return unreachable == 0 ? 0 : 1;
        }
    }

    private static String aliasOf(Account account) {
        return account.alias() == null ? "-" : account.alias();
    }
}
