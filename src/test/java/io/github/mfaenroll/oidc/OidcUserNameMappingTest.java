package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sign-in with the company account under the default rule: the preferred_username claim is the IAM user name. */
class OidcUserNameMappingTest {

    @RegisterExtension
    static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(
            () -> provider.appEnv(Map.of("MFA_OIDC_MAPPING", "user-name")));

    private List<AuditEntry> audit(AuditAction action) {
        return app.components().audit().latest(50).stream().filter(e -> e.action() == action).toList();
    }

    @Nested
    class AnEmployeeWhoseNameIsAnIamUser {

        @Test
        void endsInTheWizardForThatIamUser() {
            OidcFlow flow = new OidcFlow(app.get());

            Page callback = flow.signIn("00u-alice", Map.of("preferred_username", "alice"));
            Page wizard = flow.browser().get(callback.location());

            assertThat(callback.status()).isEqualTo(303);
            assertThat(callback.location()).isEqualTo("/enroll");
            assertThat(wizard.status()).isEqualTo(200);
            assertThat(wizard.body()).contains("Set up MFA for alice");
            assertThat(flow.session()).get().extracting(Session::role, s -> s.user() == null ? null : s.user().name(), Session::principal)
                    .containsExactly(Role.EMPLOYEE, "alice", "oidc:alice");
        }

        @Test
        void isAuditedAsSignedInWithoutAnyTokenOrCode() {
            OidcFlow flow = new OidcFlow(app.get());

            flow.signIn("00u-bob", Map.of("preferred_username", "bob"));

            AuditEntry entry = audit(AuditAction.SIGNED_IN).get(0);
            assertThat(entry.actor()).isEqualTo("oidc:bob");
            assertThat(entry.subject()).isEqualTo("bob");
            assertThat(entry.detail()).contains("oidc sub 00u-bob", "role EMPLOYEE")
                    .doesNotContain(OidcFlow.queryParams(flow.callbackUrl()).get("code"))
                    .doesNotContain(flow.authorizationParam("state"));
        }

        @Test
        void getsANewSessionIdEvenWhenTheBrowserWasSignedInBefore() {
            OidcFlow flow = new OidcFlow(app.get(), app.signedInAs("dave"));
            String before = flow.cookie("mfa_session").orElseThrow();

            flow.signIn("00u-alice", Map.of("preferred_username", "alice"));

            assertThat(flow.cookie("mfa_session")).get().isNotEqualTo(before);
            assertThat(app.components().sessions().find(before)).isEmpty();
            assertThat(flow.session()).get().extracting(s -> s.user() == null ? null : s.user().name()).isEqualTo("alice");
        }
    }

    @Nested
    class AnEmployeeWithoutAnIamUser {

        @Test
        void getsTheNotLinkedPageAndNoSession() {
            OidcFlow flow = new OidcFlow(app.get());

            flow.signIn("00u-zoe", Map.of("preferred_username", "zoe"));

            flow.assertRefused(403, "Your company account is not linked to an AWS user", "Contact your IT helpdesk");
            assertThat(audit(AuditAction.SIGN_IN_FAILED).get(0).detail()).contains("NO_MATCH", "zoe");
        }

        @Test
        void endsTheSessionThatWasOpenInThatBrowser() {
            OidcFlow flow = new OidcFlow(app.get(), app.signedInAs("dave"));

            flow.signIn("00u-zoe", Map.of("preferred_username", "zoe"));

            flow.assertRefused(403);
        }

        @Test
        void whoseClaimIsNoValidIamUserNameIsNotLinkedEither() {
            OidcFlow flow = new OidcFlow(app.get());

            flow.signIn("00u-x", Map.of("preferred_username", "alice smith/../bob"));

            flow.assertRefused(403);
        }
    }

    @Nested
    class StaffFromTheGroupClaim {

        @Test
        void helpdeskWithoutAnIamUserGetsARoleOnlySession() {

            OidcFlow flow = OidcFlow.staffSignInWithMfa(app.get(), "helga",
                    List.of("staff", CorpIdentityProvider.HELPDESK_GROUP));

            assertThat(flow.answer().status()).isEqualTo(303);
            assertThat(flow.answer().location()).isEqualTo("/helpdesk");
            assertThat(flow.session()).get().extracting(Session::role, s -> s.user() == null ? null : s.user().name())
                    .containsExactly(Role.HELPDESK, null);
            assertThat(flow.browser().get("/enroll").status()).as("no IAM user to enroll").isEqualTo(403);
            assertThat(flow.browser().get("/").body()).contains("You are signed in as oidc:helga");
        }

        @Test
        void adminGroupOutranksHelpdeskGroup() {

            OidcFlow flow = OidcFlow.staffSignInWithMfa(app.get(), "ada",
                    List.of(CorpIdentityProvider.HELPDESK_GROUP, CorpIdentityProvider.ADMIN_GROUP));

            assertThat(flow.session()).get().extracting(Session::role).isEqualTo(Role.ADMIN);
        }

        @Test
        void helpdeskWithAnIamUserCanEnrollTheirOwnDevice() {
            OidcFlow flow = new OidcFlow(app.get());

            Page callback = flow.signIn("00u-carol", Map.of("preferred_username", "carol",
                    "groups", CorpIdentityProvider.HELPDESK_GROUP, "amr", List.of("mfa")));

            assertThat(callback.location()).isEqualTo("/enroll");
            assertThat(flow.session()).get().extracting(Session::role, s -> s.user() == null ? null : s.user().name())
                    .containsExactly(Role.HELPDESK, "carol");
        }
    }

    @Nested
    class HomePage {

        @Test
        void offersTheCompanySignIn() {
            Page home = app.browser().get("/");

            assertThat(home.body()).contains("Sign in with your company account").contains("href=\"/signin/oidc\"");
        }
    }
}
