package io.github.mfaenroll.web;


import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.app.RouteTable;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestAppExtension;
import io.github.mfaenroll.text.Messages;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every route in {@link RouteTable} against every kind of caller. The cases are generated from the route table,
 * so a new route is covered the moment it is added; its {@link Access} decides the expected outcome.
 */
class AuthorizationMatrixTest {

    enum Caller { ANONYMOUS, EMPLOYEE, HELPDESK, ADMIN }

    private static final String NOT_SIGNED_IN = Messages.text(java.util.Locale.ENGLISH, "error.session_required");
    private static final String NOT_ALLOWED = Messages.text(java.util.Locale.ENGLISH, "error.forbidden");
    private static final String CSRF_REFUSED = "This form expired or came from another site";

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    @TestFactory
    Stream<DynamicTest> everyRouteForEveryCaller() {
        List<DynamicTest> cases = new ArrayList<>();
        for (Route route : RouteTable.of(app.components())) {
            for (Caller caller : Caller.values()) {
                cases.add(DynamicTest.dynamicTest(route.method() + " " + route.path() + " as " + caller,
                        () -> check(route, caller)));
            }
        }
        return cases.stream();
    }

    private void check(Route route, Caller caller) {
        Browser browser = app.browser();
        String csrf = signIn(browser, caller);
        // Other path parameters (a user name, a job id) get a plausible value; the access rule runs before the handler.
        String path = route.path().replace("{token}", "z".repeat(43)).replaceAll("\\{[a-z]+}", "alice");

        Page page = route.method() == HandlerType.GET ? browser.get(path)
                : route.method() == HandlerType.POST ? browser.postRaw(path, Map.of("csrf", csrf), Map.of())
                : browser.sendRaw(route.method().name(), path, Map.of("csrf", csrf), Map.of());

        // Judged by why a request was refused, not only by status: a sign-in form answers a wrong password
        // with 401 too, and that is the route working, not the access rule refusing.
        if (route.access() == Access.API) {
            // A session cookie, of any role, is never a way into the API: the token is missing.
            assertThat(page.status()).as("API route with a session only, got %d", page.status()).isEqualTo(401);
            assertThat(page.body()).contains(ApiProblem.Kind.TOKEN_REQUIRED.type());
            return;
        }
        boolean refusedForSession = page.status() == 401 && page.body().contains(NOT_SIGNED_IN);
        boolean refusedForRole = page.status() == 403 && page.body().contains(NOT_ALLOWED);
        switch (expected(route.access(), caller)) {
            case ALLOWED -> {
                assertThat(refusedForSession || refusedForRole).as("allowed, got %d", page.status()).isFalse();
                assertThat(page.body()).as("CSRF token accepted").doesNotContain(CSRF_REFUSED);
            }
            case NEEDS_SIGN_IN -> assertThat(refusedForSession).as("needs sign-in, got %d", page.status()).isTrue();
            case FORBIDDEN -> assertThat(refusedForRole).as("forbidden, got %d", page.status()).isTrue();
        }
    }

    enum Outcome { ALLOWED, NEEDS_SIGN_IN, FORBIDDEN }

    static Outcome expected(Access access, Caller caller) {
        if (access == Access.ANYONE) {
            return Outcome.ALLOWED;
        }
        if (caller == Caller.ANONYMOUS) {
            return Outcome.NEEDS_SIGN_IN;
        }
        boolean allowed = switch (access) {
            case ANYONE -> true;
            case EMPLOYEE -> caller == Caller.EMPLOYEE;
            case HELPDESK -> caller == Caller.HELPDESK || caller == Caller.ADMIN;
            case ADMIN -> caller == Caller.ADMIN;
            case API -> false;
        };
        return allowed ? Outcome.ALLOWED : Outcome.FORBIDDEN;
    }

    /** Gives the browser a session of the caller's kind; returns the CSRF token its forms would carry. */
    private String signIn(Browser browser, Caller caller) {
        Sessions sessions = app.components().sessions();
        Sessions.Started started = switch (caller) {
            case ANONYMOUS -> null;
            case EMPLOYEE -> sessions.start("link:alice", Role.EMPLOYEE, io.github.mfaenroll.testing.TestUsers.user("alice"));
            case HELPDESK -> sessions.start("helpdesk:hanna", Role.HELPDESK, null);
            case ADMIN -> sessions.start("helpdesk:adam", Role.ADMIN, null);
        };
        if (started == null) {
            browser.get("/");
            return browser.cookie("mfa_csrf");
        }
        Secrets.register(started.cookieValue());
        java.net.HttpCookie cookie = new java.net.HttpCookie("mfa_session", started.cookieValue());
        cookie.setPath("/");
        cookie.setVersion(0);
        browser.cookies().getCookieStore().add(app.baseUrl(), cookie);
        return started.session().csrfToken();
    }
}
