package io.github.mfaenroll.app;

import io.github.mfaenroll.api.ApiToken;
import io.github.mfaenroll.api.ApiTokens;
import io.github.mfaenroll.api.ApiTokens.IssuedToken;
import io.github.mfaenroll.api.TokenRefused;
import io.github.mfaenroll.identity.ApiScope;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code token create NAME --scope SCOPE[,SCOPE...] [--expires P90D]}, {@code token list}, {@code token revoke NAME}:
 * the API's bearer tokens. Work on the database alone (no AWS credentials needed); audited as {@code cli:USER}.
 */
@Command(name = "token", description = "API tokens (Authorization: Bearer) for systems that call /api.",
        mixinStandardHelpOptions = true, footerHeading = "%nExamples:%n",
        footer = {"  java -jar mfa-enroll.jar token create ci-onboarding --scope links:write,users:read --expires P90D",
                "  java -jar mfa-enroll.jar token list",
                "  java -jar mfa-enroll.jar token revoke ci-onboarding"},
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {

    /** Exit code for a refused request (bad name, unknown scope, taken name, bad duration, unknown token). */
    static final int REFUSED = 2;

    @ParentCommand
    Main main;

    private static final Clock CLOCK = Clock.systemUTC();

    private static String actor() {
        return "cli:" + Main.systemUser();
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = {
            "Create an API token; prints it once, as the last line of stdout (everything else goes to stderr). Only its "
                    + "SHA-256 is kept: a lost token cannot be shown again, only revoked and replaced.",
            "Scopes: links:write, users:read, compliance:read, devices:write."},
            footerHeading = "%nExamples:%n",
            footer = {"  java -jar mfa-enroll.jar token create ci-onboarding --scope links:write --expires P90D",
                    "  token=$(java -jar mfa-enroll.jar token create hr-sync --scope users:read | tail -n 1)"})
    static final class Create implements Callable<Integer> {
        @ParentCommand
        TokenCommand token;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "2 to 40 lower-case letters, digits or hyphens; "
                + "never reused. The audit trail names the token's calls api:NAME.")
        String name;

        @Option(names = "--scope", required = true, paramLabel = "SCOPE[,SCOPE...]",
                description = "What the token may do: links:write, users:read, compliance:read, devices:write.")
        String scopes;

        @Option(names = "--expires", paramLabel = "DURATION",
                description = "Expire after this ISO-8601 duration, e.g. P90D or PT12H (default: never).")
        String expires;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            AppConfig config = token.main.config();
            DataDirectory.prepare(config, err::println);
            try (Components.TokenStore store = Components.tokenStore(config, CLOCK)) {
                Set<ApiScope> parsed = ApiTokens.parseScopes(scopes);
                Duration expiresIn = expires == null ? null : ApiTokens.parseExpiry(expires);
                IssuedToken issued = store.apiTokens().create(name, parsed, expiresIn, actor());
                ApiToken stored = issued.stored();
                err.println("Created API token " + stored.name() + " with scopes " + scopes(stored) + ", "
                        + (stored.expiresAt() == null ? "without expiry (revoke it with `token revoke " + stored.name()
                        + "` when it is no longer needed)" : "valid until " + stored.expiresAt()) + ".");
                err.println("It is shown this once: store it in the calling system's secret store now. Send it as "
                        + "Authorization: Bearer TOKEN, never in a URL.");
                err.flush();
                PrintWriter out = spec.commandLine().getOut();
                out.println(issued.token());
                out.flush();
                return 0;
            } catch (TokenRefused e) {
                err.println("No token created: " + e.getMessage());
                return REFUSED;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every API token: name, scopes, created (when, by whom), expires, last used, state. Never "
                    + "the token or its hash.",
            footerHeading = "%nExamples:%n", footer = "  java -jar mfa-enroll.jar token list")
    static final class ListTokens implements Callable<Integer> {
        @ParentCommand
        TokenCommand token;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AppConfig config = token.main.config();
            PrintWriter err = spec.commandLine().getErr();
            DataDirectory.prepare(config, err::println);
            try (Components.TokenStore store = Components.tokenStore(config, CLOCK)) {
                List<ApiToken> tokens = store.apiTokens().list();
                if (tokens.isEmpty()) {
                    err.println("No API tokens yet; create one with `token create NAME --scope SCOPE`.");
                    return 0;
                }
                PrintWriter out = spec.commandLine().getOut();
                Instant now = CLOCK.instant();
                out.println(String.join("\t", "NAME", "SCOPES", "CREATED", "CREATED_BY", "EXPIRES", "LAST_USED",
                        "STATE"));
                for (ApiToken t : tokens) {
                    out.println(String.join("\t", t.name(), scopes(t), t.createdAt().toString(), t.createdBy(),
                            orText(t.expiresAt(), "never"), orText(t.lastUsedAt(), "never"), t.state(now).label()));
                }
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke an API token: it stops working on the next request. Its name stays taken.",
            footerHeading = "%nExamples:%n", footer = "  java -jar mfa-enroll.jar token revoke ci-onboarding")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        TokenCommand token;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The token's name (see `token list`).")
        String name;

        @Override
        public Integer call() {
            AppConfig config = token.main.config();
            PrintWriter err = spec.commandLine().getErr();
            DataDirectory.prepare(config, err::println);
            try (Components.TokenStore store = Components.tokenStore(config, CLOCK)) {
                ApiTokens.Revocation revocation = store.apiTokens().revoke(name, actor());
                ApiToken revoked = revocation.token();
                spec.commandLine().getOut().println(revocation.revokedNow() ? "Revoked API token " + revoked.name()
                        + "." : "API token " + revoked.name() + " was already revoked (" + revoked.revokedAt() + ").");
                return 0;
            } catch (TokenRefused e) {
                err.println("Nothing revoked: " + e.getMessage());
                return REFUSED;
            }
        }
    }

    private static String scopes(ApiToken token) {
        return token.scopes().stream().sorted().map(ApiScope::wireName).collect(Collectors.joining(","));
    }

    private static String orText(Instant instant, String none) {
        return instant == null ? none : instant.toString();
    }
}
