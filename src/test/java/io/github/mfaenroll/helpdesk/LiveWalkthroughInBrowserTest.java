package io.github.mfaenroll.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.BrowserTest;
import io.github.mfaenroll.testing.Chromium;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestAppExtension;
import io.github.mfaenroll.testing.Wizard;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A helpdesk agent watches the live walk-through page in their own browser while a person enrolls in another: the
 * page's script ({@code static/js/walkthrough.js}) polls {@code progress.json} and updates the page in place.
 */
@BrowserTest
class LiveWalkthroughInBrowserTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo().inSharedChromium();
    private final Chromium person = app.chromium();
    private static Chromium agent;

    @BeforeAll
    static void startAgent() {
        agent = Chromium.start(app.baseUrl());
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @Test
    void theAgentSeesEachStepAndTheMistakeWithoutReloadingAndNeverTheKey() {
        app.simulator().addUser("sam", true, Map.of());
        String staffCookie = Secrets.register(app.components().sessions().start("helpdesk:hanna", Role.HELPDESK, null)
                .cookieValue());
        agent.addSessionCookie(staffCookie);
        agent.open("/helpdesk/accounts/123456789012/users/sam/live");
        agent.script("window.sameDocument = true;");
        Wizard wizard = new Wizard(person);
        assertThat(field("step")).isEqualTo("Not started");
        waitFor("#walkthrough-status", "Updating live every few seconds.");

        wizard.claim(app.linkFor("sam"));
        wizard.startSetup();
        Authenticator phone = wizard.scanQrCode(app.clock());
        waitFor("[data-field=step]", "Device created: scanning the QR code or typing codes");
        wizard.next();
        wizard.submitCodes(phone.code(0), phone.code(-1));
        waitFor("[data-field=failedAttempts]", "1");
        String problem = field("lastProblem");
        app.clock().advance(Duration.ofSeconds(30));
        wizard.submitCodes(phone.code(-1), phone.code(0));
        wizard.expectPath("/enroll/done");

        waitFor("[data-field=step]", "Finished: MFA is on");
        assertThat(field("hasMfa")).isEqualTo("Yes");
        assertThat(problem).contains("The codes are in the wrong order");
        assertThat(agent.script("return window.sameDocument")).as("updated in place, not reloaded").isEqualTo(true);
        assertThat(agent.driver().getPageSource()).doesNotContain(phone.base32()).doesNotContain("otpauth:");
        assertThat(agent.find("#walkthrough").getAttribute("aria-live")).isEqualTo("polite");
    }

    private String field(String name) {
        return agent.find("[data-field=" + name + "]").getText();
    }

    /** The script polls every 2.5 s: waits for the text to appear in the agent's page. */
    private void waitFor(String css, String text) {
        agent.waitUpTo(Duration.ofSeconds(20)).until(d -> text.equals(agent.find(css).getText()));
    }
}
