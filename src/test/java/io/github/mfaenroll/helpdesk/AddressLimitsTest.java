package io.github.mfaenroll.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.onboarding.OnboardingLinks.Status;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Link claims per client address: over the limit a claim is answered 429 with Retry-After and claims nothing, other
 * addresses are unaffected, the landing page's GET is never counted, and the helpdesk sees the address and lifts the
 * limit. A trusted proxy lets the test speak from several addresses.
 */
class AddressLimitsTest {

    /** The default; the test app otherwise raises it for suites that sign in a hundred times from one address. */
    private static final int LIMIT = 20;
    private static final String BUSY_ADDRESS = "203.0.113.7";
    private static final String OTHER_ADDRESS = "203.0.113.8";

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(Map.of("MFA_TRUST_PROXY", "true",
            "MFA_ADDRESS_MAX_REQUESTS", String.valueOf(LIMIT),
            "MFA_ADDRESS_WINDOW", "PT15M")).freshForEachTest();

    /** Opens the link's landing page and presses its button, both from {@code address}, in a fresh browser. */
    private Page claimFrom(String address, URI link) {
        Browser browser = app.browser();
        Map<String, String> from = Map.of("X-Forwarded-For", address);
        assertThat(browser.get(link.toString(), from).status()).isEqualTo(200);
        return browser.postRaw("/onboard", Map.of("csrf", browser.csrf(), "token", TestApp.tokenOf(link)), from);
    }

    private List<AuditEntry> audited(AuditAction action) {
        return app.components().audit().latest(500).stream().filter(e -> e.action() == action).toList();
    }

    private void useUpTheLimitOf(String address) {
        for (int i = 0; i < LIMIT; i++) {
            assertThat(claimFrom(address, app.linkFor("alice")).status()).as("claim %d", i + 1).isEqualTo(303);
        }
    }

    @Test
    void refusesTheClaimOverTheLimitWithoutUsingTheLinkAndOnlyForThatAddress() {
        useUpTheLimitOf(BUSY_ADDRESS);
        URI link = app.linkFor("alice");

        Page overTheLimit = claimFrom(BUSY_ADDRESS, link);
        Page again = claimFrom(BUSY_ADDRESS, link);
        Status afterRefusals = app.components().links().inspect(TestApp.tokenOf(link)).status();
        Page otherAddress = claimFrom(OTHER_ADDRESS, link);

        assertThat(overTheLimit.status()).isEqualTo(429);
        assertThat(Long.parseLong(overTheLimit.header("Retry-After"))).isBetween(1L, Duration.ofMinutes(15).toSeconds() + 1);
        assertThat(overTheLimit.body()).contains("Too many setup links were opened from your network")
                .doesNotContain(TestApp.tokenOf(link));
        assertThat(String.valueOf(overTheLimit.header("Set-Cookie"))).as("no session was started").doesNotContain("mfa_session=");
        assertThat(again.status()).isEqualTo(429);
        assertThat(afterRefusals).as("a refused claim leaves the link valid").isEqualTo(Status.VALID);
        assertThat(otherAddress.status()).isEqualTo(303);
        assertThat(otherAddress.location()).isEqualTo("/enroll");
        assertThat(audited(AuditAction.ADDRESS_THROTTLED)).as("audited once per window").singleElement()
                .satisfies(e -> assertThat(e.detail()).startsWith("address " + BUSY_ADDRESS + ": more than 20 link claims"));
    }

    @Test
    void acceptsClaimsAgainWhenTheWindowIsOver() {
        useUpTheLimitOf(BUSY_ADDRESS);
        assertThat(claimFrom(BUSY_ADDRESS, app.linkFor("alice")).status()).isEqualTo(429);

        app.clock().advance(Duration.ofMinutes(15));
        Page nextWindow = claimFrom(BUSY_ADDRESS, app.linkFor("alice"));

        assertThat(nextWindow.status()).isEqualTo(303);
    }

    @Test
    void theHelpdeskSeesTheAddressAndLiftsTheLimit() {
        useUpTheLimitOf(BUSY_ADDRESS);
        assertThat(claimFrom(BUSY_ADDRESS, app.linkFor("alice")).status()).isEqualTo(429);
        Browser staff = Staff.helpdesk(app.get(), "hanna");

        Page home = staff.get("/helpdesk");
        Page list = staff.get("/helpdesk/lockouts");
        Page unconfirmed = staff.post("/helpdesk/lockouts/addresses/lift",
                Map.of("scope", "LINK_CLAIM", "address", BUSY_ADDRESS));
        staff.get("/helpdesk/lockouts");
        Page lifted = staff.post("/helpdesk/lockouts/addresses/lift",
                Map.of("scope", "LINK_CLAIM", "address", BUSY_ADDRESS, "confirm", "yes"));
        Page afterLift = staff.get(lifted.location());
        Page claimAfterLift = claimFrom(BUSY_ADDRESS, app.linkFor("alice"));

        assertThat(home.body()).contains("1 address over the limit");
        assertThat(list.body()).contains("Address " + BUSY_ADDRESS).contains("Opening setup links")
                .contains("Lift limit");
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.body()).contains("id=\"address-0-error\"")
                .contains("aria-describedby=\"address-0-error\"");
        assertThat(lifted.status()).isEqualTo(303);
        assertThat(afterLift.body()).contains("The limit was lifted").contains("No address is over its limit");
        assertThat(claimAfterLift.status()).isEqualTo(303);
        assertThat(audited(AuditAction.ADDRESS_THROTTLE_LIFTED)).filteredOn(e -> e.outcome() == AuditEntry.Outcome.SUCCESS)
                .singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("helpdesk:hanna"));
    }

    @Test
    void liftingAnAddressThatIsNotOverItsLimitIsRefused() {
        Browser staff = Staff.helpdesk(app.get(), "hanna");
        staff.get("/helpdesk/lockouts");

        Page refused = staff.post("/helpdesk/lockouts/addresses/lift",
                Map.of("scope", "LINK_CLAIM", "address", OTHER_ADDRESS, "confirm", "yes"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("This address is not over its limit").doesNotContain(OTHER_ADDRESS);
    }
}
