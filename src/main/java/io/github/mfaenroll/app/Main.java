package io.github.mfaenroll.app;

import io.github.mfaenroll.compliance.ComplianceProblem;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.oidc.OidcDiscoveryFailure;
import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import io.github.mfaenroll.text.Messages;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

/**
 * The command line: {@code serve} (default), {@code link issue}, {@code helpdesk add}, {@code sweep}, {@code report},
 * {@code accounts}, {@code token}.
 */
@Command(name = "mfa-enroll", mixinStandardHelpOptions = true, version = "mfa-enroll 0.1.0",
        description = "Self-service MFA enrollment for AWS IAM users.",
        footerHeading = "%nExamples:%n",
        footer = {"  # the demo, against the built-in IAM simulator (no AWS account needed)",
                "  java -jar mfa-enroll.jar serve --demo",
                "  java -jar mfa-enroll.jar link issue alice --demo",
                "  java -jar mfa-enroll.jar COMMAND --help",
                "Every command that uses the data directory (MFA_DATA_DIR, default ./data) prints it on stderr."},
        subcommands = {Main.Serve.class, Main.Link.class, HelpdeskCommand.class, Main.Sweep.class,
                Main.HealthCheck.class, ReportCommand.class, AccountsCommand.class, TokenCommand.class})
public final class Main implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    /** Exit code when AWS credentials are missing. */
    static final int NO_CREDENTIALS = 3;

    /** The environment settings are read from (the process environment, or a map in tests). */
    private final Map<String, String> env;

    private Main(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv(), args));
    }

    /** Runs a command and returns its exit code; {@code serve} returns only when the process shuts down. */
    static int run(Map<String, String> env, String... args) {
        return commandLine(env).execute(args);
    }

    /** The whole command tree, ready to execute: every command and subcommand answers {@code --help}. */
    static CommandLine commandLine(Map<String, String> env) {
        // 100 columns: the examples in the help are whole command lines, which 80 would break in two.
        return new CommandLine(new Main(env)).setUsageHelpWidth(100).setExecutionExceptionHandler(Main::handleFailure);
    }

    AppConfig config() {
        return AppConfig.from(env);
    }

    /** {@code --demo}, the same on every command that talks to AWS. */
    static final class DemoOption {
        @Option(names = "--demo", description = "Use the built-in simulated AWS account with its demo users instead of "
                + "AWS (no AWS account needed). It is kept in the data directory: every --demo command there sees it.")
        boolean demo;
    }

    /**
     * The demo account (built-in simulator) or real IAM, as every command's {@code --demo} says, in the data
     * directory the command names on stderr.
     */
    static Components components(AppConfig config, boolean demo) {
        DataDirectory.prepare(config, stderr()::println);
        return demo ? Components.demo(config, Clock.systemUTC()) : Components.production(config, Clock.systemUTC());
    }

    /** Standard error as it is now (tests replace it), flushed line by line. */
    static PrintWriter stderr() {
        return new PrintWriter(System.err, true);
    }

    @Override
    public Integer call() throws InterruptedException {
        Serve serve = new Serve();
        serve.main = this;
        serve.demoOption = new DemoOption();
        return serve.call();
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the web app (default command).",
            footerHeading = "%nExamples:%n",
            footer = {"  java -jar mfa-enroll.jar serve --demo",
                    "  java -jar mfa-enroll.jar serve --demo --port 9090",
                    "  # against IAM, with the AWS default credential chain",
                    "  MFA_BASE_URL=https://mfa.example.com java -jar mfa-enroll.jar serve"})
    static final class Serve implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Mixin
        DemoOption demoOption;

        @Option(names = "--port", description = "Port to listen on (default: MFA_PORT or 8080).")
        Integer port;

        @Override
        public Integer call() throws InterruptedException {
            AppConfig config = configWithPort(main.config(), port);
            DataDirectory data = DataDirectory.prepare(config, line -> log.info("{}", line));
            boolean demo = demoOption.demo;
            Components components = demo ? Components.demo(config, Clock.systemUTC())
                    : Components.production(config, Clock.systemUTC());
            Javalin unstarted;
            try {
                // Builds every object serve uses (the database first), before the provider is asked.
                unstarted = components.webApp();
                components.checkIdentityProvider();
            } catch (RuntimeException e) {
                components.close();
                throw e;
            }
            Javalin app = start(unstarted, components, config);
            data.markServed();
            BackgroundJobs jobs = new BackgroundJobs(components.sweeper(), components.reminders(),
                    components.organizationCompliance(), components.autoInvitations());
            jobs.start(config.sweepInterval());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                jobs.close();
                app.stop();
                components.close();
            }, "shutdown"));
            PrintWriter out = new PrintWriter(System.out, true);
            out.println("mfa-enroll is ready at " + config.baseUrl() + (demo ? " (demo mode: built-in IAM simulator)" : ""));
            if (demo) {
                for (IssuedLink link : DemoLinks.issueForUsersWithoutMfa(components)) {
                    out.println(DemoLinks.line(components.accounts(), link));
                }
                DemoLinks.printHelpdeskHint(out, config);
            }
            // Jetty serves on its own threads; this thread waits until the shutdown hook ends the process.
            new CountDownLatch(1).await();
            return 0;
        }

        /** Starts serving; a port that cannot be bound stops the command with the settings that choose it. */
        private static Javalin start(Javalin app, Components components, AppConfig config) {
            try {
                return app.start(config.bindAddress(), config.port());
            } catch (RuntimeException e) {
                components.close();
                Throwable cause = e;
                while (cause != null && !(cause instanceof BindException)) {
                    cause = cause.getCause();
                }
                if (cause == null) {
                    throw e;
                }
                throw new OperatorError("Cannot listen on " + config.bindAddress() + " port " + config.port() + " ("
                        + cause.getMessage() + "): another process probably uses it. Choose a free port with --port or "
                        + "MFA_PORT, or another address with MFA_BIND_ADDRESS.", e);
            }
        }

        private AppConfig configWithPort(AppConfig config, Integer port) {
            if (port == null || port == config.port()) {
                return config;
            }
            boolean defaultBase = main.env.get("MFA_BASE_URL") == null;
            return config.withPort(port, defaultBase ? URI.create("http://localhost:" + port) : config.baseUrl());
        }
    }

    @Command(name = "link", mixinStandardHelpOptions = true, description = "Onboarding links.",
            footerHeading = "%nExamples:%n", footer = "  java -jar mfa-enroll.jar link issue alice --demo",
            subcommands = {Link.Issue.class})
    static final class Link {
        @ParentCommand
        Main main;

        @Command(name = "issue", mixinStandardHelpOptions = true,
                description = "Issue an onboarding link for an IAM user; prints the URL last.",
                footerHeading = "%nExamples:%n",
                footer = {"  java -jar mfa-enroll.jar link issue alice --demo",
                        "  # mailed to the address in alice's email tag",
                        "  java -jar mfa-enroll.jar link issue alice --send",
                        "  java -jar mfa-enroll.jar link issue alice --email a@example.com",
                        "  url=$(java -jar mfa-enroll.jar link issue alice | tail -n 1)"})
        static final class Issue implements Callable<Integer> {
            @ParentCommand
            Link link;

            @Parameters(index = "0", paramLabel = "USER", description = "IAM user name")
            String user;

            @Option(names = "--email", paramLabel = "ADDR",
                    description = "Email the invitation to ADDR (implies --send).")
            String email;

            @Option(names = "--send", description = "Email the invitation to the address in the user's email tag.")
            boolean send;

            @Option(names = "--account", paramLabel = "ID_OR_ALIAS",
                    description = "The AWS account the user is in (id or alias). Needed when USER exists in several.")
            String account;

            @Mixin
            DemoOption demoOption;

            @Override
            public Integer call() {
                AppConfig config = link.main.config();
                try (Components components = components(config, demoOption.demo)) {
                    AccountUser iamUser = AccountChoice.userFor(components.accounts(), user, account);
                    String issuedBy = "cli:" + systemUser();
                    IssuedLink link = components.links().issue(iamUser, email, issuedBy);
                    if (send || email != null) {
                        boolean sent = components.invitations().mail(link, email, null, issuedBy);
                        System.err.println(sent ? "Invitation sent." : "The invitation was not mailed (no SMTP server"
                                + " configured, or sending failed: see the log and the audit trail); hand the link over"
                                + " another way.");
                    }
                    System.out.println("Onboarding link for " + link.user().name()
                            + (components.accounts().severalAccounts()
                                    ? " in " + components.accounts().describe(link.user().account()) : "")
                            + ", valid until " + link.expiresAt() + ":");
                    System.out.println(link.url());
                    return 0;
                }
            }
        }
    }

    @Command(name = "sweep", mixinStandardHelpOptions = true,
            description = "Expire abandoned enrollments and delete leftover devices the app created, once.",
            footerHeading = "%nExamples:%n", footer = "  java -jar mfa-enroll.jar sweep --demo")
    static final class Sweep implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Mixin
        DemoOption demoOption;

        @Override
        public Integer call() {
            AppConfig config = main.config();
            try (Components components = components(config, demoOption.demo)) {
                System.out.println(components.sweeper().sweepOnce()
                        .map(r -> "Deleted " + r.devicesDeleted() + " leftover device(s).")
                        .orElse("Another instance is sweeping right now; nothing done."));
                return 0;
            }
        }
    }

    @Command(name = "healthcheck", mixinStandardHelpOptions = true,
            description = {"Exit 0 if the local server answers /healthz (for Docker's HEALTHCHECK), silently; otherwise "
                    + "exit 1 with one line on stderr.", "It calls MFA_BIND_ADDRESS (loopback for 0.0.0.0) at MFA_PORT."},
            footerHeading = "%nExamples:%n", footer = "  MFA_PORT=9090 java -jar mfa-enroll.jar healthcheck && echo up")
    static final class HealthCheck implements Callable<Integer> {
        @ParentCommand
        Main main;

        /** Silent when healthy (it runs every 30 s); otherwise one line on stderr saying what failed. */
        @Override
        public Integer call() {
            AppConfig config = main.config();
            URI url = URI.create("http://" + hostOf(config.bindAddress()) + ":" + config.port() + "/healthz");
            try {
                HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                        .send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3)).build(),
                                HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    System.err.println("healthcheck: " + url + " answered " + response.statusCode());
                    return 1;
                }
                return 0;
            } catch (IOException e) {
                System.err.println("healthcheck: no answer from " + url + " (" + e + "). Is the server running? "
                        + "This check calls MFA_BIND_ADDRESS and MFA_PORT as the server reads them.");
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }

        /** Where the server can be reached from this host: loopback when it listens on every address. */
        static String hostOf(String bindAddress) {
            return switch (bindAddress) {
                case "0.0.0.0", "", "*" -> "127.0.0.1";
                case "::", "[::]", "::0" -> "[::1]";
                default -> bindAddress.contains(":") && !bindAddress.startsWith("[") ? "[" + bindAddress + "]"
                        : bindAddress;
            };
        }
    }

    static String systemUser() {
        return System.getProperty("user.name", "unknown");
    }

    /** Typed failures become one clear sentence on stderr, not a stack trace. */
    private static int handleFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (e instanceof IamFailure failure && failure.kind() == IamFailure.Kind.CREDENTIALS) {
            err.println("No AWS credentials found (" + failure.getMessage() + ").");
            err.println("To try this command without an AWS account, add --demo (the built-in simulated account):");
            err.println("  " + Invocation.withDemo(parseResult.originalArgs()));
            return NO_CREDENTIALS;
        }
        if (e instanceof OperatorError) {
            err.println(e.getMessage());
            return OperatorError.EXIT_CODE;
        }
        if (e instanceof UncheckedIOException io && io.getCause() instanceof AccessDeniedException denied
                && denied.getFile() != null) {
            Path file = Path.of(denied.getFile());
            err.println(DataDirectory.unusable(file.getParent() == null ? file : file.getParent(), denied).getMessage());
            return OperatorError.EXIT_CODE;
        }
        if (e instanceof IamFailure failure && failure.kind() == IamFailure.Kind.NO_SUCH_ENTITY) {
            err.println("IAM says: no such user (" + failure.getMessage() + ").");
            return 2;
        }
        if (e instanceof ComplianceProblem problem) {
            String key = problem.kind().messageKey();
            err.println(Messages.text(Locale.ENGLISH, key, problem.detail()));
            err.println(Messages.text(Locale.ENGLISH, "compliance.problem.reference", problem.reference()));
            return 1;
        }
        if (e instanceof OidcDiscoveryFailure) {
            // An expected start-up failure: its message names the setting, the URL and what to check.
            err.println("Failed: " + e.getMessage());
            return 1;
        }
        if (e instanceof IllegalArgumentException) {
            err.println("Configuration error: " + e.getMessage());
            return 2;
        }
        err.println("Failed: " + e);
        return 1;
    }

}
