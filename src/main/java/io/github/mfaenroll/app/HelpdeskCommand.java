package io.github.mfaenroll.app;

import io.github.mfaenroll.staff.HelpdeskAccounts;
import io.github.mfaenroll.staff.HelpdeskAccounts.InvalidAccount;
import io.github.mfaenroll.staff.HelpdeskAccounts.IssuedSetupLink;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code helpdesk add NAME [--admin]}: local helpdesk accounts, for when there is no identity provider;
 * {@code helpdesk setup-link [--company] NAME}: a new one-time setup link for a local account or company staff.
 */
@Command(name = "helpdesk", description = "Local helpdesk accounts.", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = "  java -jar mfa-enroll.jar helpdesk add admin --admin",
        subcommands = {HelpdeskCommand.Add.class, HelpdeskCommand.SetupLink.class})
final class HelpdeskCommand {

    /** Exit code for a refused request (bad name, short password, password given as an option, ...). */
    static final int REFUSED = 2;

    @ParentCommand
    Main main;

    @Command(name = "add", mixinStandardHelpOptions = true, description = {
            "Create a local helpdesk account. The password is asked twice on the terminal or, without a terminal, "
                    + "read as one line from standard input (printf '%%s\\n' \"$PW\" | ... helpdesk add NAME).",
            "Prints a one-time setup link last (valid 72 hours): give it to the person, who opens it, types the "
                    + "password and sets up an authenticator app. The password alone does not set up the account."},
            footerHeading = "%nExamples:%n",
            footer = {"  java -jar mfa-enroll.jar helpdesk add admin --admin",
                    "  printf '%%s\\n' \"$PW\" | java -jar mfa-enroll.jar helpdesk add hanna",
                    "  # in the running container named mfa-enroll",
                    "  docker exec -it mfa-enroll java -jar /app/mfa-enroll.jar helpdesk add admin --admin"})
    static final class Add implements Callable<Integer> {
        @ParentCommand
        HelpdeskCommand helpdesk;

        @Spec
        CommandSpec spec;

        // Optional for picocli so that a refused --password is explained before a missing name is.
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
                description = "Account name: 2 to 64 letters, digits, dots, underscores, @ or hyphens.")
        String name;

        @Option(names = "--admin", description = "An administrator account instead of a helpdesk one.")
        boolean admin;

        /**
         * Declared only to refuse it with the reason: picocli would otherwise just say "unknown option". A
         * password in the arguments is visible to every user of the machine (ps) and stays in the shell history.
         */
        @Option(names = {"--password", "-p"}, hidden = true, arity = "0..1", fallbackValue = "")
        String passwordOption;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (passwordOption != null) {
                passwordOption = null;
                err.println("Refused: never give a password as an option. Command lines are visible to other users "
                        + "of this machine and are kept in the shell history; if that was a real password, do not "
                        + "use it. Run 'helpdesk add NAME' and type the password when asked, or pipe it in: "
                        + "printf '%s\\n' \"$PW\" | mfa-enroll helpdesk add NAME");
                return REFUSED;
            }
            if (name == null || !HelpdeskAccounts.NAME.matcher(name.strip().toLowerCase(Locale.ROOT)).matches()) {
                err.println("Usage: helpdesk add NAME [--admin], where NAME has 2 to 64 letters, digits, dots, "
                        + "underscores, @ or hyphens.");
                return REFUSED;
            }
            char[] password = readPassword(err);
            if (password == null) {
                return REFUSED;
            }
            AppConfig config = helpdesk.main.config();
            DataDirectory data = DataDirectory.prepare(config, err::println);
            data.warnIfNeverServed(err);
            try (Components.Accounts accounts = Components.staffAccounts(config, Clock.systemUTC())) {
                String actor = "cli:" + Main.systemUser();
                String created = accounts.helpdeskAccounts().create(name, CharBuffer.wrap(password), admin, actor);
                IssuedSetupLink link = accounts.helpdeskAccounts().issueSetupLink(created, actor);
                out.println("Created " + (admin ? "administrator" : "helpdesk") + " account " + created + ".");
                printSetupLink(out, link, config);
                return 0;
            } catch (InvalidAccount e) {
                err.println("Not created: " + e.getMessage());
                return REFUSED;
            } finally {
                Arrays.fill(password, '\0');
            }
        }

        /** The password, or null after saying why there is none. Never echoed. */
        private char[] readPassword(PrintWriter err) {
            Console console = System.console();
            if (console != null) {
                char[] first = console.readPassword("Password for %s (at least %d characters): ", name,
                        HelpdeskAccounts.MIN_PASSWORD_LENGTH);
                char[] second = first == null ? null : console.readPassword("Type it again: ");
                if (first == null || second == null) {
                    err.println("No password given. Nothing was created.");
                    return null;
                }
                boolean same = Arrays.equals(first, second);
                Arrays.fill(second, '\0');
                if (!same) {
                    Arrays.fill(first, '\0');
                    err.println("The two passwords differ. Nothing was created.");
                    return null;
                }
                return first;
            }
            // No terminal: a script pipes the password in. Only the line break is removed; spaces are part of it.
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    err.println("No password on standard input (expected one line). Nothing was created.");
                    return null;
                }
                return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the password from standard input", e);
            }
        }
    }

    /** The setup link as the last line of stdout (scripts take it from there, as with {@code link issue}). */
    static void printSetupLink(PrintWriter out, IssuedSetupLink link, AppConfig config) {
        out.println("Give this one-time setup link to the account's owner. With it and the password they set up an "
                + "authenticator app, then sign in at " + config.baseUrl() + "/signin. Valid until "
                + link.expiresAt() + ":");
        out.println(link.url());
    }

    @Command(name = "setup-link", mixinStandardHelpOptions = true, description = {
            "Issue a new one-time setup link (the earlier link stops working); prints the URL last.",
            "helpdesk setup-link NAME: for a local account that has no authenticator yet.",
            "helpdesk setup-link --company NAME: for staff who sign in with the company identity provider (NAME is "
                    + "their preferred_username there) without MFA at the provider. They sign in with the company "
                    + "account, open the link in the same browser and set up an authenticator app; the company "
                    + "password alone never does."},
            footerHeading = "%nExamples:%n",
            footer = {"  java -jar mfa-enroll.jar helpdesk setup-link hanna",
                    "  java -jar mfa-enroll.jar helpdesk setup-link --company jane.doe"})
    static final class SetupLink implements Callable<Integer> {
        @ParentCommand
        HelpdeskCommand helpdesk;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "Account name (local, or with --company the "
                + "company account's user name).")
        String name;

        @Option(names = "--company", description = "NAME is a company account (signs in with the identity provider).")
        boolean company;

        @Override
        public Integer call() {
            AppConfig config = helpdesk.main.config();
            DataDirectory.prepare(config, spec.commandLine().getErr()::println);
            try (Components.Accounts accounts = Components.staffAccounts(config, Clock.systemUTC())) {
                String actor = "cli:" + Main.systemUser();
                PrintWriter out = spec.commandLine().getOut();
                if (company) {
                    printCompanySetupLink(out, accounts.companyStaff().issueSetupLink(name, actor), config);
                } else {
                    printSetupLink(out, accounts.helpdeskAccounts().issueSetupLink(name, actor), config);
                }
                return 0;
            } catch (InvalidAccount e) {
                spec.commandLine().getErr().println("No link issued: " + e.getMessage());
                return REFUSED;
            }
        }
    }

    /** The company staff's setup link as the last line of stdout. */
    static void printCompanySetupLink(PrintWriter out, IssuedSetupLink link, AppConfig config) {
        out.println("Give this one-time setup link to " + link.accountName() + " only. They sign in at "
                + config.baseUrl() + " with their company account, then open the link in the same browser and set "
                + "up an authenticator app. Valid until " + link.expiresAt() + ":");
        out.println(link.url());
    }
}
