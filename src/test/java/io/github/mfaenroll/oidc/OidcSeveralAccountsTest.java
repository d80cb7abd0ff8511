package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.simulator.DemoOrganization;
import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One company sign-in, several accounts: the demo organization has an alice in demo-corp and one in demo-dev with the
 * same email tag. She sees both accounts with their MFA state and enrolls each in turn; the request only ever picks
 * among the users the sign-in matched.
 */
class OidcSeveralAccountsTest {

    private static final String CORP = DemoOrganization.MANAGEMENT_ID;
    private static final String DEV = DemoOrganization.DEV_ID;

    @RegisterExtension
    static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

    @RegisterExtension
    final TestAppExtension app = TestAppExtension.withEnv(
            () -> provider.appEnv(Map.of("MFA_OIDC_MAPPING", "email-tag", "MFA_OIDC_TRUST_EMAIL", "true")))
            .freshForEachTest();

    @Test
    void aPersonMatchedInTwoAccountsEnrollsBothInTurn() {
        OidcFlow flow = new OidcFlow(app.get());
        flow.signIn("00u-alice", Map.of("email", "alice@example.com"));
        Browser alice = flow.browser();

        Page start = alice.get("/enroll");
        HttpWizard.enroll(alice, app.clock());
        Page corpDone = alice.get("/enroll");
        Page switched = alice.post("/enroll/account", Map.of("account", DEV));
        Page devStart = alice.get("/enroll");
        HttpWizard.enroll(alice, app.clock());
        Page afterBoth = alice.get("/enroll");

        assertThat(flow.session()).get().extracting(Session::boundUsers).asList()
                .containsExactlyInAnyOrder(AccountUser.of(CORP, "alice"), AccountUser.of(DEV, "alice"));
        assertThat(start.body()).contains("Your AWS accounts", "demo-corp", "demo-dev", CORP, DEV, "not set up yet");
        assertThat(corpDone.body()).contains("demo-dev", "not set up yet");
        assertThat(switched.status()).isEqualTo(303);
        assertThat(devStart.body()).contains("Set up MFA for alice");
        assertThat(app.simulator().account(CORP).assignedSerials("alice")).singleElement().asString()
                .contains(":" + CORP + ":mfa/alice-");
        assertThat(app.simulator().account(DEV).assignedSerials("alice")).singleElement().asString()
                .contains(":" + DEV + ":mfa/alice-");
        assertThat(afterBoth.body()).doesNotContain("not set up yet");
    }

    @Test
    void anAccountTheSignInDidNotMatchCannotBePicked() {
        OidcFlow flow = new OidcFlow(app.get());
        flow.signIn("00u-bob", Map.of("email", "bob@example.com"));
        flow.browser().get("/enroll");

        Page refused = flow.browser().post("/enroll/account", Map.of("account", DEV));

        assertThat(refused.status()).isEqualTo(404);
        assertThat(flow.session()).get().extracting(Session::user).isEqualTo(AccountUser.of(CORP, "bob"));
    }
}
