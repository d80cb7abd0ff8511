package io.github.mfaenroll.web;


import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.app.RouteTable;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestAppExtension;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Staff guide people through enrollment but must never see their secret: while alice is halfway through the wizard
 * (device created, a wrong code pair typed), every helpdesk and admin route, taken from the route table so a new one
 * is covered at once, answers without her seed, a QR image, an otpauth URI or one of her current codes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelpdeskRoutesShowNoSecretsTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();
    private Authenticator alicesPhone;
    private Browser staff;

    @BeforeAll
    void aliceIsHalfwayThrough() {
        Browser alice = app.signedInAs("alice");
        alicesPhone = HttpWizard.startAndReadKey(alice, app.clock());
        alice.get("/enroll/verify");
        alice.post("/enroll/verify", Map.of("code1", alicesPhone.code(0), "code2", alicesPhone.code(-1)));
        staff = Staff.admin(app.get(), "hanna");
    }

    @TestFactory
    Stream<DynamicTest> everyStaffRoute() {
        List<Route> staffRoutes = RouteTable.of(app.components()).stream()
                .filter(r -> r.access() == Access.HELPDESK || r.access() == Access.ADMIN).toList();
        assertThat(staffRoutes).hasSizeGreaterThan(10);
        List<DynamicTest> cases = new ArrayList<>();
        // Reads first, then the actions (which change state), each followed by a look at alice's page again.
        for (boolean actions : new boolean[] {false, true}) {
            for (Route route : staffRoutes) {
                if ((route.method() == HandlerType.POST) == actions) {
                    cases.add(DynamicTest.dynamicTest(route.method() + " " + route.path(), () -> check(route)));
                }
            }
        }
        return cases.stream();
    }

    private void check(Route route) {
        String path = route.path().replace("{name}", "alice").replace("{account}", "123456789012").replaceAll("\\{[a-z]+}", "0");
        Page page;
        if (route.method() == HandlerType.GET) {
            page = staff.get(path);
        } else {
            staff.get("/helpdesk/accounts/123456789012/users/alice");
            page = staff.post(path, Map.of("confirm", "yes", "reason", "checking", "name", "alice",
                    "serial", "GAHT00000001", "enrollBy", "2030-01-01"));
        }

        assertNoSecret(route + " answered " + page.status(), page.status() + " " + page.response().headers().map() + "\n" + page.body());
        assertNoSecret("alice's page after " + route.path(), staff.get("/helpdesk/accounts/123456789012/users/alice").body());
    }

    private void assertNoSecret(String what, String answer) {
        String seed = alicesPhone.base32();
        assertThat(answer).as(what)
                .doesNotContain(seed)
                .doesNotContain(grouped(seed))
                .doesNotContainIgnoringCase("otpauth")
                .doesNotContain("image/png");
        for (int step = -2; step <= 2; step++) {
            assertThat(answer).as(what + ": a current code of alice's").doesNotContainPattern("\\b" + alicesPhone.code(step) + "\\b");
        }
    }

    private static String grouped(String base32) {
        return String.join(" ", base32.split("(?<=\\G.{4})"));
    }
}
