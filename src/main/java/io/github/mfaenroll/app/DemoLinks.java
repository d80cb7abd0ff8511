package io.github.mfaenroll.app;

import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamGateway;
import io.github.mfaenroll.iam.IamUser;
import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import io.github.mfaenroll.web.Paths;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the demo prints: the welcome emails (one onboarding link per demo user who has no MFA device yet) and the
 * way into the helpdesk console, so a newcomer meets all three kinds of user from the first screen of output.
 */
final class DemoLinks {

    private static final URI DEFAULT_BASE_URL = URI.create("http://localhost:8080");

    private DemoLinks() {
    }

    /** One link per user without MFA in every account of the demo organization, the own account first. */
    static List<IssuedLink> issueForUsersWithoutMfa(Components components) {
        AccountDirectory accounts = components.accounts();
        List<IssuedLink> issued = new ArrayList<>();
        List<Account> ordered = new ArrayList<>(accounts.accounts());
        ordered.sort(Comparator.comparing((Account a) -> !a.own()).thenComparing(Account::id));
        for (Account account : ordered) {
            IamGateway iam = accounts.iam(account.id());
            iam.listUsers().stream()
                    .map(IamUser::userName)
                    .sorted(Comparator.naturalOrder())
                    .filter(user -> iam.listMfaDevices(user).isEmpty())
                    .map(user -> components.links().issue(new AccountUser(account.id(), user), null, "demo"))
                    .forEach(issued::add);
        }
        return issued;
    }

    /**
     * The line the demo prints for a link: {@code demo link for USER: URL} in the own account (as before several
     * accounts, so scripts that read it keep working), {@code demo link for USER in ALIAS: URL} in the others.
     */
    static String line(AccountDirectory accounts, IssuedLink link) {
        AccountUser user = link.user();
        if (user.account().equals(accounts.own().id())) {
            return "demo link for " + user.name() + ": " + link.url();
        }
        String label = accounts.byId(user.account()).map(Account::label).orElse(user.account().value());
        return "demo link for " + user.name() + " in " + label + ": " + link.url();
    }

    /**
     * The console's address and the exact command that creates its first administrator, with the data directory
     * (and base URL) of this server spelled out: run from another terminal or directory, it still reaches the
     * server's database and prints links to this server.
     */
    static void printHelpdeskHint(PrintWriter out, AppConfig config) {
        String settings = "MFA_DATA_DIR=" + Invocation.quoted(config.dataDir().toAbsolutePath().normalize().toString())
                + (config.baseUrl().equals(DEFAULT_BASE_URL) ? "" : " MFA_BASE_URL=" + config.baseUrl())
                + (config.databaseUrl() == null ? "" : " MFA_DATABASE_URL=… (and the other MFA_DATABASE_* settings)");
        out.println("helpdesk console: " + config.baseUrl() + Paths.SIGN_IN + " (staff sign in with a password and an "
                + "authenticator code)");
        out.println("  first administrator, from another terminal: " + settings + " " + Invocation.jar()
                + " helpdesk add admin --admin");
        out.println("  it asks for a password, then prints a one-time setup link: open it, type the password, add the "
                + "code to an authenticator app");
    }
}
