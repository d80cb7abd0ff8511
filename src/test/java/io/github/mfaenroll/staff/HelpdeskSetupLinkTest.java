package io.github.mfaenroll.staff;

import static io.github.mfaenroll.testing.HelpdeskSignIn.newAccountSignedIn;
import static io.github.mfaenroll.testing.HelpdeskSignIn.newAgentAccount;
import static io.github.mfaenroll.testing.HelpdeskSignIn.submitCode;
import static io.github.mfaenroll.testing.HelpdeskSignIn.submitPassword;
import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A new local helpdesk account is set up through a one-time link, not by whoever first knows its password: the link
 * (GET shows, POST with the password claims), then the authenticator enrollment with one code. Single use, expiring
 * after 72 hours, revoked by a newer one, stored only as a hash.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelpdeskSetupLinkTest {

    private static final String PASSWORD = Secrets.register("plain old correct horse");

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    /** The account's setup link, as {@code helpdesk add} prints it. */
    private URI setupLink(String name) {
        URI link = app.components().helpdeskAccounts().issueSetupLink(name, "test").url();
        Secrets.register(TestApp.tokenOf(link));
        return link;
    }

    private static Page claim(Browser browser, URI link, String password) {
        return browser.post("/signin/setup", Map.of("token", TestApp.tokenOf(link), "password", password));
    }

    /** Opens the setup link (as the person does) and posts the password on its page. */
    private static Page openAndClaim(Browser browser, URI link, String password) {
        browser.get(link.toString());
        return claim(browser, link, password);
    }

    private String storedTotp(String name) {
        return app.components().database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT totp_ciphertext FROM helpdesk_accounts WHERE name = :name").bind("name", name)
                .mapTo(String.class).findOne().orElse(null));
    }

    @Nested
    class ThePasswordAlone {

        @Test
        void cannotEnrollTheAccountsAuthenticator() {
            String name = newAgentAccount(app.get(), PASSWORD);
            Browser browser = app.browser();

            Page afterPassword = submitPassword(browser, name, PASSWORD);
            Page codePage = browser.get("/signin/totp");

            assertThat(afterPassword.status()).isEqualTo(401);
            assertThat(afterPassword.body()).contains("Open the setup link your administrator gave you");
            assertThat(afterPassword.response().headers().allValues("Set-Cookie"))
                    .noneMatch(c -> c.startsWith("mfa_signin="));
            assertThat(codePage.status()).isEqualTo(401);
            assertThat(codePage.body()).doesNotContain("setup-key");
            assertThat(storedTotp(name)).isNull();
        }
    }

    @Nested
    class TheSetupLink {

        @Test
        void withThePasswordEnrollsTheAuthenticatorAndSignsIn() {
            String name = newAgentAccount(app.get(), PASSWORD);
            URI link = setupLink(name);
            Browser browser = app.browser();

            Page landing = browser.get(link.toString());
            Page claimed = claim(browser, link, PASSWORD);
            Authenticator phone = Authenticator.fromScanPage(browser.get("/signin/totp").body(), app.clock());
            Page signedIn = submitCode(browser, phone.code(0));

            assertThat(landing.status()).isEqualTo(200);
            assertThat(landing.header("Cache-Control")).isEqualTo("no-store");
            assertThat(landing.body()).contains(name).contains("action=\"/signin/setup\"")
                    .contains("autocomplete=\"current-password\"");
            assertThat(claimed.status()).isEqualTo(303);
            assertThat(claimed.location()).isEqualTo("/signin/totp");
            assertThat(signedIn.location()).isEqualTo("/helpdesk");
            assertThat(browser.get("/helpdesk").status()).isEqualTo(200);
            assertThat(storedTotp(name)).isNotBlank();
        }

        @Test
        void opensAsOftenAsNeededWithoutBeingUsedUp() {
            String name = newAgentAccount(app.get(), PASSWORD);
            URI link = setupLink(name);

            Page first = app.browser().get(link.toString());
            Page second = app.browser().get(link.toString());
            Page claimed = openAndClaim(app.browser(), link, PASSWORD);

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            assertThat(claimed.location()).isEqualTo("/signin/totp");
        }

        @Test
        void worksOnlyOnce() {
            String name = newAgentAccount(app.get(), PASSWORD);
            URI link = setupLink(name);
            openAndClaim(app.browser(), link, PASSWORD);
            Browser second = app.browser();

            Page reopened = second.get(link.toString());
            Page reclaimed = claim(second, link, PASSWORD);

            assertThat(reopened.status()).isEqualTo(410);
            assertThat(reopened.body()).contains("This setup link can’t be used").doesNotContain("name=\"token\"");
            assertThat(reclaimed.status()).isEqualTo(410);
            assertThat(second.get("/signin/totp").status()).isEqualTo(401);
        }

        @Test
        void needsTheRightPasswordAndStaysValidAfterAWrongOne() {
            String name = newAgentAccount(app.get(), PASSWORD);
            URI link = setupLink(name);
            Browser browser = app.browser();
            browser.get(link.toString());

            Page wrong = claim(browser, link, "not the password at all");
            Page right = claim(browser, link, PASSWORD);

            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.body()).contains("The password is not right");
            assertThat(right.location()).isEqualTo("/signin/totp");
            assertThat(app.components().audit().latest(20)).anyMatch(e -> e.action() == AuditAction.SIGN_IN_FAILED
                    && e.detail().contains("wrong password at the setup link"));
        }

        @Test
        void expiresAfter72Hours() {
            String name = newAgentAccount(app.get(), PASSWORD);
            URI link = setupLink(name);

            app.clock().advance(Duration.ofHours(72).plusSeconds(1));
            Browser browser = app.browser();
            Page late = browser.get(link.toString());
            Page lateClaim = claim(browser, link, PASSWORD);

            assertThat(late.status()).isEqualTo(410);
            assertThat(lateClaim.status()).isEqualTo(410);
            assertThat(storedTotp(name)).isNull();
        }

        @Test
        void isRevokedByANewerOne() {
            String name = newAgentAccount(app.get(), PASSWORD);
            URI old = setupLink(name);
            URI newer = setupLink(name);

            Page oldPage = app.browser().get(old.toString());
            Page newerPage = app.browser().get(newer.toString());

            assertThat(oldPage.status()).isEqualTo(410);
            assertThat(newerPage.status()).isEqualTo(200);
        }

        @Test
        void isStoredOnlyAsAHash() {
            String name = newAgentAccount(app.get(), PASSWORD);
            String token = TestApp.tokenOf(setupLink(name));

            List<String> stored = app.components().database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT token_hash FROM helpdesk_setup_links WHERE account_name = :name").bind("name", name)
                    .mapTo(String.class).list());

            assertThat(stored).hasSize(1).noneMatch(hash -> hash.contains(token));
            assertThat(app.components().audit().forStaff("helpdesk:" + name, 10))
                    .anyMatch(e -> e.action() == AuditAction.SETUP_LINK_ISSUED)
                    .noneMatch(e -> e.detail() != null && e.detail().contains(token));
        }

        @Test
        void isNotIssuedForAnAccountThatHasAnAuthenticator() {
            String name = newAccountSignedIn(app.get(), PASSWORD, false).name();

            assertThatThrownBy(() -> setupLink(name)).hasMessageContaining("already has an authenticator");
        }
    }
}
