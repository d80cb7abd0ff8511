package io.github.mfaenroll.testing;

import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.Sessions;
import java.net.HttpCookie;

/** Helpdesk staff in HTTP tests: a browser holding a staff session (no IAM user), as after a real sign-in. */
public final class Staff {

    private Staff() {
    }

    /** A helpdesk member, principal {@code helpdesk:NAME}. */
    public static Browser helpdesk(TestApp app, String name) {
        return withSession(app, "helpdesk:" + name, Role.HELPDESK);
    }

    /** An administrator, principal {@code helpdesk:NAME}. */
    public static Browser admin(TestApp app, String name) {
        return withSession(app, "helpdesk:" + name, Role.ADMIN);
    }

    /** A helpdesk member's browser that opened the IAM user's page, so its forms' CSRF token is loaded. */
    public static Browser helpdeskOnUserPage(TestApp app, String name, String iamUser) {
        return onUserPage(helpdesk(app, name), iamUser);
    }

    /** An administrator's browser that opened the IAM user's page, so its forms' CSRF token is loaded. */
    public static Browser adminOnUserPage(TestApp app, String name, String iamUser) {
        return onUserPage(admin(app, name), iamUser);
    }

    private static Browser onUserPage(Browser staff, String iamUser) {
        staff.get("/helpdesk/accounts/123456789012/users/" + iamUser);
        return staff;
    }

    /** A browser holding a session for any principal and role, started directly (no sign-in pages). */
    public static Browser withSession(TestApp app, String principal, Role role) {
        return withSession(app, principal, role, null);
    }

    /**
     * A browser holding a session bound to {@code iamUser} (null: none), as a company sign-in would start it: for an
     * employee, a session next to one from a link; for staff, the IAM user their sign-in maps them to.
     */
    public static Browser withSession(TestApp app, String principal, Role role, String iamUser) {
        Sessions.Started started = app.components().sessions().start(principal, role,
                iamUser == null ? null : TestUsers.user(iamUser));
        Secrets.register(started.cookieValue());
        Browser browser = app.browser();
        HttpCookie cookie = new HttpCookie("mfa_session", started.cookieValue());
        cookie.setPath("/");
        cookie.setVersion(0);
        browser.cookies().getCookieStore().add(app.baseUrl(), cookie);
        return browser;
    }
}
