package io.github.mfaenroll.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.helpdesk.AutoInvitationStore;
import io.github.mfaenroll.iam.simulator.IamSimulator;
import io.github.mfaenroll.oidc.CorpIdentityProvider;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Axe.Violation;
import io.github.mfaenroll.testing.Axe;
import io.github.mfaenroll.testing.BrowserTest;
import io.github.mfaenroll.testing.Chromium.Viewport;
import io.github.mfaenroll.testing.Chromium;
import io.github.mfaenroll.testing.HelpdeskSignIn;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import io.github.mfaenroll.testing.TestUsers;
import io.github.mfaenroll.testing.Wizard;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every page of the app, as people reach it in a browser, checked by axe-core against WCAG 2.1 A and AA at desktop
 * (1280×800) and phone (390×844) sizes; at phone size also WCAG 1.4.10 (reflow: no sideways scrolling), and on
 * every page no Content-Security-Policy complaint in the console (scripts and styles come from files).
 */
@BrowserTest
class AccessibilityTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo().freshForEachTest();

    @RegisterExtension
    static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

    @RegisterExtension
    static final TestAppExtension withCompanySignIn = TestAppExtension.withEnv(() -> provider.appEnv(Map.of()));

    private static Chromium browser;
    private Wizard wizard;
    private String language;
    private final List<Violation> violations = new ArrayList<>();
    private final List<String> checked = new ArrayList<>();

    @BeforeAll
    static void shareBrowser(Chromium shared) {
        browser = shared;
    }

    /** One walk through every page per language of the bundles, sent as {@code Accept-Language}. */
    @ParameterizedTest(name = "Accept-Language: {0}")
    @ValueSource(strings = {"en", "de", "es"})
    void everyPageMeetsWcag21AaAtDesktopAndPhoneSizes(String language) {
        this.language = language;
        browser.useApp(app.baseUrl());
        browser.acceptLanguage(language);
        wizard = new Wizard(browser);

        walkThroughEveryPage();
        browser.useApp(withCompanySignIn.baseUrl());
        browser.open("/");
        check("home with company sign-in");
        browser.open("/signin/oidc/callback?state=forged&code=forged");
        check("company sign-in refused");

        assertThat(checked).hasSizeGreaterThanOrEqualTo(31);
        assertThat(violations).as(() -> Axe.report(violations)).isEmpty();
    }

    /** The check above would pass vacuously if axe never ran: here it must find what is broken on purpose. */
    @Test
    void theCheckFindsWhatIsBroken() {
        browser.useApp(app.baseUrl());
        browser.open("/");
        browser.script("document.querySelector('main').insertAdjacentHTML('beforeend', "
                + "'<img src=\"/static/css/app.css\"><input type=\"text\">')");

        List<Violation> found = Axe.check(browser, "home, broken on purpose");

        assertThat(found).extracting(Violation::rule).contains("image-alt", "label");
        assertThat(Axe.report(found)).contains("home, broken on purpose: [critical] image-alt").contains("at img");
    }

    private void walkThroughEveryPage() {
        URI expired = app.linkFor("bob");
        app.clock().advance(Duration.ofHours(73));
        browser.open(expired.toString());
        check("expired link");
        browser.open("/no-such-page");
        check("404");
        browser.open("/");
        check("home");

        URI link = app.linkFor("alice");
        browser.open(link.toString());
        check("landing");
        browser.find("form[action='/onboard'] button").click();
        wizard.expectPath("/enroll");
        check("wizard start");
        wizard.startSetup();
        check("wizard scan");
        Authenticator phone = wizard.scanQrCode(app.clock());
        wizard.next();
        check("wizard verify");
        wizard.submitCodes(phone.code(0), phone.code(-1));
        wizard.expectPath("/enroll/verify");
        check("wizard verify with an error");
        browser.find("a[href='/enroll/cancel']").click();
        wizard.expectPath("/enroll/cancel");
        check("wizard cancel");
        browser.find("main a[href='/enroll/scan']").click();
        wizard.next();
        app.clock().advance(Duration.ofSeconds(30));
        wizard.submitCodes(phone.code(-1), phone.code(0));
        wizard.expectPath("/enroll/done");
        check("wizard done");
        browser.open("/enroll/resync");
        check("resync");
        browser.find("#code1").sendKeys("123456");
        browser.find("#code2").sendKeys("654321");
        browser.find("form[action='/enroll/resync'] button").click();
        wizard.expectPath("/enroll/resync");
        check("resync with an error");

        browser.clearCookies();
        String agent = HelpdeskSignIn.createAccount(app.get(), HelpdeskSignIn.uniqueName("agent"), "correct horse battery",
                false);
        browser.open("/signin");
        check("helpdesk sign-in");
        signInWithPassword(agent, "wrong password");
        wizard.expectPath("/signin");
        check("helpdesk sign-in with an error");
        URI setupLink = app.components().helpdeskAccounts().issueSetupLink(agent, "test").url();
        io.github.mfaenroll.testing.Secrets.register(TestApp.tokenOf(setupLink));
        browser.open(setupLink.toString());
        check("helpdesk setup link");
        browser.find("#password").sendKeys("correct horse battery");
        browser.find("form[action='/signin/setup'] button").click();
        wizard.expectPath("/signin/totp");
        check("helpdesk first sign-in: authenticator");
        Authenticator agentPhone = Authenticator.fromSeed(browser.find("#setup-key").getText().replace(" ", ""),
                app.clock());
        browser.find("#code").sendKeys(agentPhone.code(0));
        browser.find("form[action='/signin/totp'] button").click();
        wizard.expectPath("/helpdesk");

        browser.clearCookies();
        String admin = HelpdeskSignIn.createAccount(app.get(), HelpdeskSignIn.uniqueName("admin"), "staple battery horse",
                true);
        Authenticator adminPhone = HelpdeskSignIn.enroll(app.get(), app.browser(), admin, "staple battery horse");
        app.clock().advance(Duration.ofSeconds(30));
        signInWithPassword(admin, "staple battery horse");
        wizard.expectPath("/signin/totp");
        check("helpdesk sign-in: code");
        browser.find("#code").sendKeys("000000");
        browser.find("form[action='/signin/totp'] button").click();
        check("helpdesk sign-in: code with an error");
        // The helpdesk home lists whom invitations that send themselves could not mail: one user of each reason.
        AutoInvitationStore waiting = new AutoInvitationStore(app.components().database().jdbi(), app.clock());
        for (AutoInvitationStore.State state : AutoInvitationStore.State.values()) {
            if (state.listed()) {
                waiting.note(TestUsers.user(app.newUser("waiting", true, false)), state, app.clock().instant());
            }
        }
        browser.find("#code").sendKeys(adminPhone.code(0));
        browser.find("form[action='/signin/totp'] button").click();
        wizard.expectPath("/helpdesk");
        assertThat(browser.find("#need-link-heading").getText()).isNotBlank();
        check("helpdesk home, with users who need a link sent by hand");
        app.simulator().failNext("GenerateCredentialReport", 1, 403, "AccessDenied", "not allowed");
        browser.open("/helpdesk/compliance");
        check("compliance, AWS refused");
        // Without a console password, so the bulk invitation below has nobody more to invite: a list long enough to page.
        app.simulator().addUsers(IntStream.range(0, 30).mapToObj(i -> new IamSimulator.SeedUser("keys-only-" + i, false,
                Map.of(), null)).toList());
        browser.open("/helpdesk/compliance");
        check("compliance");
        browser.open("/helpdesk/organization");
        check("organization view, with the coverage chart");
        browser.open("/helpdesk/compliance?show=nopassword&per=10&page=2");
        check("compliance, one list, page 2 of 4");
        app.simulator().addUser("nomail", true, Map.of());
        browser.open("/helpdesk/accounts/123456789012/users/nomail");
        browser.find("#issue-confirm").click();
        browser.find("form[action='/helpdesk/accounts/123456789012/users/nomail/links'] button").click();
        wizard.expectPath("/helpdesk/accounts/123456789012/users/nomail/links");
        check("link shown once (no email address)");
        browser.open("/helpdesk/accounts/123456789012/users/ghost");
        check("helpdesk refusal (no such user)");
        browser.open("/helpdesk/accounts/123456789012/users/alice");
        check("helpdesk user page");
        browser.open("/helpdesk/invitations/bulk");
        check("bulk invitations");
        browser.open("/helpdesk/enforcement");
        check("enforcement");
        browser.open("/helpdesk/accounts/123456789012/users/bob/live");
        check("live walk-through");
        browser.open("/helpdesk/lockouts");
        check("lockouts and request limits");
        browser.open("/helpdesk/tokens");
        check("API tokens");
        browser.find("#create-name").sendKeys("Not A Slug");
        browser.find("form[action='/helpdesk/tokens'] button").click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> !browser.findAll("#tokens-error").isEmpty());
        check("API tokens with an error");
        browser.find("#create-name").clear();
        browser.find("#create-name").sendKeys("a11y-check");
        browser.find("#scope-users_read").click();
        browser.find("form[action='/helpdesk/tokens'] button").click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> !browser.findAll("#token").isEmpty());
        io.github.mfaenroll.testing.Secrets.register(browser.find("#token").getAttribute("value"));
        check("API token shown once");
        browser.open("/helpdesk/invitations/bulk");
        browser.find("main input[name='confirm']").click();
        browser.find("main form[action='/helpdesk/invitations/bulk'] button").click();
        wizard.expectPath(path -> path.startsWith("/helpdesk/invitations/bulk/"));
        // While the run goes on the page reloads itself when it ends, which would cut an axe run short: check the
        // page once it has (the markup is the same but for the refresh hint).
        browser.waitUpTo(Duration.ofSeconds(30)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> "false".equals(browser.find("#bulk-progress").getAttribute("data-running")));
        check("bulk invitation progress, ended");
        browser.open("/helpdesk/accounts/123456789012/users/alice");
        browser.find("form[action='/signout'] button").click();
        wizard.expectPath("/signed-out");
        check("signed out");
    }

    private void signInWithPassword(String name, String password) {
        if (!"/signin".equals(browser.path())) {
            browser.open("/signin");
        }
        browser.find("#name").clear();
        browser.find("#name").sendKeys(name);
        browser.find("#password").sendKeys(password);
        browser.find("form[action='/signin'] button").click();
    }

    /** Checks the page shown now at both sizes; findings are collected, so one run reports every page. */
    private void check(String page) {
        browser.consoleMessages();
        // Named by route, never by a link's token.
        String where = page + " (" + browser.path().replaceFirst("^/(onboard|signin/setup)/.+", "/$1/{token}") + ", " + language + ")";
        checked.add(where);
        for (Viewport viewport : Viewport.values()) {
            browser.resize(viewport);
            violations.addAll(Axe.check(browser, where + " at " + viewport));
            if (viewport == Viewport.PHONE) {
                long overflow = ((Number) browser.script(
                        "return document.documentElement.scrollWidth - window.innerWidth")).longValue();
                if (overflow > 0) {
                    violations.add(new Violation(where + " at " + viewport, "reflow", "serious",
                            "The page scrolls sideways by " + overflow + " px (WCAG 1.4.10)",
                            "https://www.w3.org/WAI/WCAG21/Understanding/reflow.html", List.of()));
                }
            }
        }
        browser.resize(Viewport.DESKTOP);
        for (String message : browser.consoleMessages()) {
            if (message.contains("Content Security Policy")) {
                violations.add(new Violation(where, "csp", "serious", message, "", List.of()));
            }
        }
    }
}
