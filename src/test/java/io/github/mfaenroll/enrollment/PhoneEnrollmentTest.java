package io.github.mfaenroll.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.BrowserTest;
import io.github.mfaenroll.testing.Chromium;
import io.github.mfaenroll.testing.Chromium.Viewport;
import io.github.mfaenroll.testing.Screenshots;
import io.github.mfaenroll.testing.TestAppExtension;
import io.github.mfaenroll.testing.Wizard;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

/**
 * The wizard on a phone-sized screen (390×844): nothing scrolls sideways, the code fields and buttons are on
 * screen, the key opens in the authenticator app by an {@code otpauth://} link, and the copy-key button (a script
 * file; the CSP allows no inline script) copies the key and says so, and is absent without scripts.
 */
@BrowserTest
class PhoneEnrollmentTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo().inSharedChromium();
    private final Chromium browser = app.chromium();

    @BeforeAll
    static void phoneSize() {
        app.chromium().resize(Viewport.PHONE);
    }

    @AfterAll
    static void stop() {
        app.chromium().resize(Viewport.DESKTOP);
    }

    @Test
    void aPersonEnrollsOnTheirPhoneWithTheOpenInAppLinkAndTheCopyButton() {
        Wizard wizard = new Wizard(browser);
        app.simulator().addUser("pat", true, Map.of());
        browser.open(app.linkFor("pat").toString());
        assertFitsTheScreen("landing");
        Screenshots.take(browser, "landing-phone");
        browser.find("form[action='/onboard'] button").click();
        wizard.expectPath("/enroll");
        assertFitsTheScreen("start");
        wizard.startSetup();

        assertFitsTheScreen("scan");
        WebElement openInApp = browser.find("a[href^='otpauth:']");
        assertOnScreen(openInApp);
        assertThat(openInApp.getAttribute("href")).startsWith("otpauth://totp/").contains("pat")
                .isEqualTo(wizard.qrCodeText());
        Screenshots.take(browser, "scan-phone");
        WebElement copy = browser.find(".copy-key button");
        assertOnScreen(copy);
        assertThat(copy.getText()).isEqualTo("Copy key");
        grantClipboard();
        copy.click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> !browser.find(".copy-key [role=status]").getText().isEmpty());
        String status = browser.find(".copy-key [role=status]").getText();
        String key = browser.find("#setup-key").getText().replace(" ", "");
        assertThat(status).isEqualTo("Key copied. Paste it into your authenticator app.");
        assertThat(clipboard()).isEqualTo(key);

        Authenticator phone = Authenticator.fromSeed(key, app.clock());
        wizard.next();
        assertFitsTheScreen("verify");
        for (String css : List.of("#code1", "#code2", "form[action='/enroll/verify'] button")) {
            assertOnScreen(browser.find(css));
        }
        wizard.submitCodes(phone.code(0), phone.code(-1));
        wizard.expectPath("/enroll/verify");
        assertFitsTheScreen("verify with an error");
        Screenshots.take(browser, "verify-error-phone");
        app.clock().advance(Duration.ofSeconds(30));
        wizard.submitCodes(phone.code(-1), phone.code(0));

        wizard.expectPath("/enroll/done");
        assertFitsTheScreen("done");
        Screenshots.take(browser, "done-phone");
        assertThat(app.simulator().assignedSerials("pat")).hasSize(1);
    }

    @Test
    void withoutScriptsThereIsNoCopyButtonButTheKeyAndTheAppLinkAreThere() {
        Wizard wizard = new Wizard(browser);
        browser.clearCookies();
        app.simulator().addUser("quinn", true, Map.of());
        wizard.claim(app.linkFor("quinn"));
        wizard.startSetup();
        assertThat(browser.find(".copy-key button").isDisplayed()).isTrue();

        browser.driver().executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
        try {
            browser.driver().navigate().refresh();
            wizard.expectPath("/enroll/scan");

            assertThat(browser.find(".copy-key").isDisplayed()).isFalse();
            assertThat(browser.find("#setup-key").isDisplayed()).isTrue();
            assertThat(browser.find("a[href^='otpauth:']").isDisplayed()).isTrue();
        } finally {
            browser.driver().executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", false));
        }
    }

    @Test
    void theScriptsComeFromFilesWhichTheContentSecurityPolicyAllows() {
        String policy = app.browser().get("/").header("Content-Security-Policy");
        Wizard wizard = new Wizard(browser);
        browser.clearCookies();
        app.simulator().addUser("robin", true, Map.of());
        wizard.claim(app.linkFor("robin"));
        wizard.startSetup();
        browser.consoleMessages();

        browser.find(".copy-key button").click();
        List<String> scripts = browser.findAll("script").stream().map(s -> s.getAttribute("src")).toList();

        assertThat(policy).contains("default-src 'self'").doesNotContain("unsafe-inline").doesNotContain("script-src");
        assertThat(scripts).containsExactly(app.baseUrl().resolve("/static/js/copy-key.js").toString());
        assertThat(browser.consoleMessages()).noneMatch(message -> message.contains("Content Security Policy"));
    }

    @Test
    void anInlineScriptWouldBeRefused() {
        browser.open("/");
        browser.consoleMessages();

        browser.script("const s = document.createElement('script'); s.textContent = 'window.inlineRan = true;';"
                + " document.body.appendChild(s);");

        assertThat(browser.script("return window.inlineRan === true")).isEqualTo(false);
        assertThat(browser.consoleMessages()).anyMatch(message -> message.contains("Content Security Policy"));
    }

    /** WCAG 1.4.10 on a phone: the page is never wider than the screen. */
    private void assertFitsTheScreen(String page) {
        Number scrollWidth = (Number) browser.script("return document.documentElement.scrollWidth");
        Number innerWidth = (Number) browser.script("return window.innerWidth");
        assertThat(innerWidth.intValue()).isEqualTo(Viewport.PHONE.width);
        assertThat(scrollWidth.intValue()).as("%s scrolls sideways", page).isLessThanOrEqualTo(innerWidth.intValue());
    }

    /** Shown, and inside the screen's width (reachable by scrolling down only). */
    private void assertOnScreen(WebElement element) {
        assertThat(element.isDisplayed()).isTrue();
        Number left = (Number) browser.script("return arguments[0].getBoundingClientRect().left", element);
        Number right = (Number) browser.script("return arguments[0].getBoundingClientRect().right", element);
        assertThat(left.doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(right.doubleValue()).isLessThanOrEqualTo(Viewport.PHONE.width);
    }

    private void grantClipboard() {
        browser.driver().executeCdpCommand("Browser.grantPermissions", Map.of(
                "origin", app.baseUrl().toString(), "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    private String clipboard() {
        return (String) browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " navigator.clipboard.readText().then(done, error => done('clipboard unreadable: ' + error));");
    }
}
