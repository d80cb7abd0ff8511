package io.github.mfaenroll.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.oidc.CorpIdentityProvider;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A link reopened after it was claimed, usually by the same person whose browser was closed before they finished:
 * the page says what happened and what to do, without an alarm, and offers the company sign-in where there is one.
 */
class UsedLinkPageTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    @RegisterExtension
    static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

    @RegisterExtension
    static final TestAppExtension withCompanySignIn = TestAppExtension.withEnv(() -> provider.appEnv(Map.of()));

    /** Claims a new user's link in one browser, which is then "closed", and reopens the link in another. */
    private static Page reopenedAfterClaim(TestAppExtension app) {
        URI link = app.linkFor(app.newUser("closed", true, true));
        Browser closed = app.browser();
        closed.get(link.toString());
        closed.post("/onboard", Map.of("token", TestApp.tokenOf(link)));

        return app.browser().get(link.toString());
    }

    @Test
    void saysTheLinkStaysUsedAndToAskForANewOneWithoutAnAlarm() {

        Page page = reopenedAfterClaim(app);

        assertThat(page.status()).isEqualTo(410);
        assertThat(page.body()).contains("each link works once, and it stays used even if the browser")
                .contains("Ask your IT helpdesk for a new link")
                .doesNotContain("tell your IT helpdesk now")
                .doesNotContain("/signin/oidc");
    }

    @Test
    void offersTheCompanySignInWhenOneIsConfigured() {

        Page page = reopenedAfterClaim(withCompanySignIn);

        assertThat(page.status()).isEqualTo(410);
        assertThat(page.body()).contains("you can also sign in with it and set up MFA without a link")
                .contains("href=\"/signin/oidc\"");
    }
}
