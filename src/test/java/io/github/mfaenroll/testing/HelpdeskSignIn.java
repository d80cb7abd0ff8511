package io.github.mfaenroll.testing;

import io.github.mfaenroll.testing.Browser.Page;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Local helpdesk accounts in tests: made through the service, signed in through the real pages. */
public final class HelpdeskSignIn {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private HelpdeskSignIn() {
    }

    /** A fresh account name, so tests sharing an app never share an account (or its lockout). */
    public static String uniqueName(String prefix) {
        return prefix + "-" + NEXT.incrementAndGet();
    }

    /** Creates an account with this password (registered as a secret for the log check); returns its name. */
    public static String createAccount(TestApp app, String name, String password, boolean admin) {
        Secrets.register(password);
        return app.components().helpdeskAccounts().create(name, password, admin, "test");
    }

    /** A fresh helpdesk (not administrator) account named {@code agent-N}, with this password; returns its name. */
    public static String newAgentAccount(TestApp app, String password) {
        return createAccount(app, uniqueName("agent"), password, false);
    }

    /** Opens the sign-in page and posts name and password, as the form would. */
    public static Page submitPassword(Browser browser, String name, String password) {
        browser.get("/signin");
        return browser.post("/signin", Map.of("name", name, "password", password));
    }

    /** Posts a code on the code page, as the form would. */
    public static Page submitCode(Browser browser, String code) {
        return browser.post("/signin/totp", Map.of("code", code));
    }

    /**
     * Issues the account's one-time setup link (as {@code helpdesk add} does), opens it and posts the password, as
     * the form would. A 303 to the code page means the enrollment page is next.
     */
    public static Page submitSetupLink(TestApp app, Browser browser, String name, String password) {
        java.net.URI link = app.components().helpdeskAccounts().issueSetupLink(name, "test").url();
        String token = Secrets.register(link.getPath().substring(link.getPath().lastIndexOf('/') + 1));
        browser.get(link.toString());
        return browser.post("/signin/setup", Map.of("token", token, "password", password));
    }

    /**
     * A first sign-in: the setup link and the password, then the enrollment page's key goes into the phone, which
     * types its current code. Returns the phone; the browser is then signed in.
     */
    public static Authenticator enroll(TestApp app, Browser browser, String name, String password) {
        Page afterPassword = submitSetupLink(app, browser, name, password);
        expectRedirect(afterPassword, "/signin/totp");
        Authenticator phone = Authenticator.fromScanPage(browser.get("/signin/totp").body(), app.clock());
        expectRedirect(submitCode(browser, phone.code(0)), "/helpdesk");
        return phone;
    }

    /** A later sign-in: password, then the phone's current code. The browser is then signed in. */
    public static void signIn(Browser browser, Authenticator phone, String name, String password) {
        expectRedirect(submitPassword(browser, name, password), "/signin/totp");
        browser.get("/signin/totp");
        expectRedirect(submitCode(browser, phone.code(0)), "/helpdesk");
    }

    /**
     * A new local account ({@code agent-N}, or {@code admin-N} with {@code admin}) that has set up its authenticator
     * through its setup link in a new browser, which is now signed in.
     */
    public static SignedIn newAccountSignedIn(TestApp app, String password, boolean admin) {
        String name = createAccount(app, uniqueName(admin ? "admin" : "agent"), password, admin);
        Browser browser = app.browser();
        Authenticator phone = enroll(app, browser, name, password);
        return new SignedIn(name, browser, phone);
    }

    /** A local account signed in: its name, the browser holding the session, the phone holding its key. */
    public record SignedIn(String name, Browser browser, Authenticator phone) {
    }

    /**
     * A new agent account ({@link #newAgentAccount}) with an authenticator, signing in again half a minute after its
     * enrollment (so the code used then is no longer the current one): a new browser has passed the password and
     * opened the code page.
     */
    public static CodeStep newAccountAtLaterCodeStep(TestApp app, String password) {
        SignedIn enrolled = newAccountSignedIn(app, password, false);
        app.clock().advance(Duration.ofSeconds(30));
        Browser browser = app.browser();
        expectRedirect(submitPassword(browser, enrolled.name(), password), "/signin/totp");
        Page codePage = browser.get("/signin/totp");
        return new CodeStep(enrolled.name(), browser, enrolled.phone(), codePage);
    }

    /**
     * An account's sign-in on its code step: the browser on the code page, the phone holding the account's key, and
     * the code page as it was shown.
     */
    public record CodeStep(String name, Browser browser, Authenticator phone, Page codePage) {
    }

    private static void expectRedirect(Page page, String location) {
        if (page.status() != 303 || !location.equals(page.location())) {
            throw new AssertionError("expected 303 to " + location + ", got " + page.status() + " " + page.location());
        }
    }
}
