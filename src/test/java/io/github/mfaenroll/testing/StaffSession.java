package io.github.mfaenroll.testing;

import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.Sessions;
import java.net.HttpCookie;

/** A browser holding a helpdesk session started directly (no sign-in pages), for tests of the console's pages. */
public final class StaffSession {

    private StaffSession() {
    }

    /** A new browser signed in as {@code principal} (e.g. {@code helpdesk:hanna}) with {@code role}. */
    public static Browser browser(TestApp app, String principal, Role role) {
        Sessions.Started started = app.components().sessions().start(principal, role, null);
        Secrets.register(started.cookieValue());
        HttpCookie cookie = new HttpCookie("mfa_session", started.cookieValue());
        cookie.setPath("/");
        cookie.setVersion(0);
        Browser browser = app.browser();
        browser.cookies().getCookieStore().add(app.baseUrl(), cookie);
        return browser;
    }
}
