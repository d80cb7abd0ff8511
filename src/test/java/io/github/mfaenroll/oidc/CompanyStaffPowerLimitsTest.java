package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Staff who sign in with the company account map to their IAM user by the same rule as employees; the helpdesk
 * then keeps them off that user, and keeps everyone but administrators off a company administrator's IAM user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompanyStaffPowerLimitsTest {

    private static final AtomicInteger NEXT = new AtomicInteger();

    @RegisterExtension
    static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(() -> provider.appEnv(Map.of("MFA_OIDC_MAPPING", "user-name")));


    /** An IAM user with one device made elsewhere; returns its serial. */
    private String userWithDevice(String name) {
        app.simulator().addUser(name, true, Map.of());
        return app.simulator().addAssignedVirtualDevice(name, name + "-phone");
    }

    /** A company sign-in with MFA at the provider, as {@code name} in {@code group}; returns the browser. */
    private Browser signedIn(String name, String group) {
        OidcFlow flow = OidcFlow.staffSignInWithMfa(app.get(), name, List.of(group));
        assertThat(flow.answer().status()).isEqualTo(303);
        return flow.browser();
    }

    private static Page reset(Browser staff, String name, String serial) {
        assertThat(staff.get("/helpdesk/accounts/123456789012/users/" + name).status()).isEqualTo(200);
        return staff.post("/helpdesk/accounts/123456789012/users/" + name + "/devices/reset",
                Map.of("serial", serial, "reason", "Phone lost", "confirm", "yes"));
    }

    @Nested
    class AHelpdeskMemberWithAnIamUser {

        @Test
        void cannotResetTheDeviceOfTheIamUserTheirCompanyAccountMapsTo() {
            String name = "cstaff" + NEXT.incrementAndGet();
            String serial = userWithDevice(name);
            Browser staff = signedIn(name, CorpIdentityProvider.HELPDESK_GROUP);

            Page answer = reset(staff, name, serial);

            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.body()).contains("This is your own AWS user.");
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
        }
    }

    @Nested
    class ACompanyAdministratorsIamUser {

        @Test
        void isRefusedToTheHelpdeskAndOpenToAnotherAdministrator() {
            String boss = "cadmin" + NEXT.incrementAndGet();
            String serial = userWithDevice(boss);
            signedIn(boss, CorpIdentityProvider.ADMIN_GROUP);
            Browser helpdesk = signedIn("helper" + NEXT.incrementAndGet(), CorpIdentityProvider.HELPDESK_GROUP);
            Browser otherAdmin = signedIn("ada" + NEXT.incrementAndGet(), CorpIdentityProvider.ADMIN_GROUP);

            Page byHelpdesk = reset(helpdesk, boss, serial);
            List<String> afterHelpdesk = app.simulator().assignedSerials(boss);
            Page byAdmin = reset(otherAdmin, boss, serial);

            assertThat(byHelpdesk.status()).isEqualTo(403);
            assertThat(byHelpdesk.body()).contains("Only administrators may change this user");
            assertThat(afterHelpdesk).containsExactly(serial);
            assertThat(byAdmin.status()).isEqualTo(303);
            assertThat(app.simulator().assignedSerials(boss)).isEmpty();
        }
    }
}
