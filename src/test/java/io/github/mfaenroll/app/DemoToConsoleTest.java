package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.BrowserTest;
import io.github.mfaenroll.testing.Chromium;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import io.github.mfaenroll.testing.Wizard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A newcomer, in a real browser, from the demo's printed output alone: alice enrolls through her demo link; the
 * first-administrator command, run as printed (it names the data directory and the base URL, so it works from any
 * directory), gives a setup link; the administrator sets up an authenticator, signs in, and the console shows alice
 * with MFA, as {@code report --demo} in the same data directory does.
 */
@BrowserTest
class DemoToConsoleTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo().inSharedChromium();

    private static final Pattern COMMAND = Pattern.compile("first administrator, from another terminal: (.+)\n");
    private static final String PASSWORD = Secrets.register("a long enough passphrase");

    @Test
    void fromTheDemoOutputToAliceCompliantInTheConsole() {
        Chromium browser = app.chromium();
        Wizard wizard = new Wizard(browser);
        wizard.enrollFromLink(app.linkFor("alice"), app.clock());
        browser.clearCookies();

        URI setupLink = URI.create(runPrintedAdministratorCommand().lastLine());
        Secrets.register(TestApp.tokenOf(setupLink));
        browser.open(setupLink.toString());
        browser.find("#password").sendKeys(PASSWORD);
        browser.find("form[action='/signin/setup'] button").click();
        wizard.expectPath("/signin/totp");
        Authenticator phone = Authenticator.fromSeed(browser.find("#setup-key").getText().replace(" ", ""),
                app.clock());
        browser.find("#code").sendKeys(phone.code(0));
        browser.find("form[action='/signin/totp'] button").click();
        wizard.expectPath("/helpdesk");
        browser.open("/helpdesk/compliance");
        CommandRun report = CommandRun.run(Map.of("MFA_DATA_DIR", app.dataDir().toString()), "report", "--demo");

        assertThat(browser.find("#users-mfa").getText()).contains("alice");
        assertThat(browser.find("#users-noncompliant").getText()).contains("bob").doesNotContain("alice");
        assertThat(report.out()).contains("alice,arn:aws:iam::123456789012:user/alice,COMPLIANT_WITH_MFA,");
    }

    /** Prints the demo's console hint for the running app, then runs its command line as a person would paste it. */
    private static CommandRun runPrintedAdministratorCommand() {
        StringWriter printed = new StringWriter();
        DemoLinks.printHelpdeskHint(new PrintWriter(printed, true), app.components().config());
        Matcher command = COMMAND.matcher(printed.toString());
        assertThat(command.find()).as(printed.toString()).isTrue();
        assertThat(printed.toString()).contains("helpdesk console: " + app.baseUrl() + "/signin");
        List<String> words = Arrays.asList(command.group(1).split(" "));
        Map<String, String> env = new HashMap<>();
        words.stream().takeWhile(word -> word.contains("=")).map(word -> word.split("=", 2))
                .forEach(setting -> env.put(setting[0], setting[1]));
        List<String> args = words.subList(words.indexOf("helpdesk"), words.size());
        assertThat(args).containsExactly("helpdesk", "add", "admin", "--admin");

        CommandRun run = CommandRun.runWithInput(PASSWORD + "\n", env, args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }
}
