package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One person signing in through the app and the provider, in one browser, following each redirect by hand so
 * tests can look at (and tamper with) every step: app → provider's authorization endpoint → login page → app's
 * callback.
 */
final class OidcFlow {

    private final TestApp app;
    private final Browser browser;
    private URI authorizationUrl;
    private URI callbackUrl;
    private Page answer;

    OidcFlow(TestApp app, Browser browser) {
        this.app = app;
        this.browser = browser;
    }

    OidcFlow(TestApp app) {
        this(app, app.browser());
    }

    /**
     * A staff member signing in with MFA at the provider ({@code amr} pwd and mfa) in a new browser: subject
     * {@code sub-NAME}, {@code preferred_username} NAME, and these groups. Returns the flow after the callback.
     */
    static OidcFlow staffSignInWithMfa(TestApp app, String name, List<String> groups) {
        OidcFlow flow = new OidcFlow(app);
        flow.signIn("sub-" + name, Map.of("preferred_username", name, "groups", groups, "amr", List.of("pwd", "mfa")));
        return flow;
    }

    Browser browser() {
        return browser;
    }

    /** Presses "Sign in with your company account": the app answers with a redirect to the provider. */
    OidcFlow begin() {
        Page started = browser.get("/signin/oidc");
        assertThat(started.status()).as("start of sign-in").isEqualTo(303);
        authorizationUrl = URI.create(started.location());
        Secrets.register(authorizationParam("state"));
        Secrets.register(authorizationParam("nonce"));
        Secrets.register(authorizationParam("code_challenge"));
        cookie("mfa_oidc").ifPresent(Secrets::register);
        return this;
    }

    /** Signs in at the provider's login page as {@code subject} with these claims; returns the app's callback URL. */
    OidcFlow loginAtProvider(String subject, Map<String, Object> claims) {
        return loginAt(authorizationUrl, subject, claims);
    }

    /** The same, at an authorization URL the test may have altered. */
    OidcFlow loginAt(URI url, String subject, Map<String, Object> claims) {
        Page loginPage = browser.get(url.toString());
        assertThat(loginPage.status()).as("provider login page").isEqualTo(200);
        Page redirected = browser.postRaw(url.toString(), Map.of("username", subject,
                "claims", JSONObjectUtils.toJSONString(claims)), Map.of());
        assertThat(redirected.status()).as("provider redirect back to the app").isEqualTo(302);
        callbackUrl = URI.create(redirected.location());
        Secrets.register(queryParams(callbackUrl).get("code"));
        return this;
    }

    /** Follows the provider's redirect back to the app. */
    Page callback() {
        answer = browser.get(callbackUrl.toString());
        cookie("mfa_session").ifPresent(Secrets::register);
        return answer;
    }

    /** The app's answer to the provider's redirect back, once {@link #callback()} followed it. */
    Page answer() {
        return answer;
    }

    /** The whole flow: start, sign in at the provider, come back. */
    Page signIn(String subject, Map<String, Object> claims) {
        return begin().loginAtProvider(subject, claims).callback();
    }

    /**
     * The app refused this sign-in: its answer has this status and a page saying these things, and the browser holds
     * no session (the wizard answers 401).
     */
    void assertRefused(int status, String... pageSays) {
        assertThat(answer.status()).as("answer to the provider's redirect").isEqualTo(status);
        if (pageSays.length > 0) {
            assertThat(answer.body()).contains(pageSays);
        }
        assertThat(session()).as("session after a refused sign-in").isEmpty();
        assertThat(browser.get("/enroll").status()).as("the wizard without a session").isEqualTo(401);
    }

    /** The sign-in ended in the enrollment wizard, with a session for this IAM user. */
    void assertInWizardFor(String iamUser) {
        assertThat(answer.status()).as("answer to the provider's redirect").isEqualTo(303);
        assertThat(answer.location()).isEqualTo("/enroll");
        assertThat(session()).get().extracting(s -> s.user() == null ? null : s.user().name()).isEqualTo(iamUser);
    }

    URI authorizationUrl() {
        return authorizationUrl;
    }

    URI callbackUrl() {
        return callbackUrl;
    }

    String authorizationParam(String name) {
        return queryParams(authorizationUrl).get(name);
    }

    /** The session this browser holds now, as the app stored it. */
    Optional<Session> session() {
        return cookie("mfa_session").flatMap(value -> app.components().sessions().find(value));
    }

    Optional<String> cookie(String name) {
        return browser.cookies().getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name) && !c.hasExpired() && !c.getValue().isEmpty())
                .map(HttpCookie::getValue).findFirst();
    }

    static Map<String, String> queryParams(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return params;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
