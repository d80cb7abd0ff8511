package io.github.mfaenroll.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IAM calls a whole enrollment costs, counted by the simulator from opening the link to the done page and the mail
 * that tells the owner a device was bound. The account's IAM allowance is shared with every other tool in it, so
 * the count is a budget: a change that adds a call fails here.
 */
class IamCallsPerEnrollmentTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    /** The first enrollment of a process also reads what it then keeps: the account alias and a user's ARN. */
    @BeforeAll
    static void warmUp() {
        HttpWizard.enroll(app.signedInAs(app.newUser("warm", true, true)), app.clock());
        // Its bound-device mail goes out on another thread: wait for it, or a test would count its tag read.
        await().atMost(Duration.ofSeconds(10)).until(() -> app.simulator().requestCount("ListUserTags") >= 1);
    }

    /** The calls each action received while {@code walk} ran, once the bound-device mail has gone out. */
    private static Map<String, Integer> callsDuring(Runnable walk) {
        Map<String, Integer> before = app.simulator().requestCounts();
        int tagReadsBefore = before.getOrDefault("ListUserTags", 0);

        walk.run();

        await().atMost(Duration.ofSeconds(10)).until(
                () -> app.simulator().requestCount("ListUserTags") > tagReadsBefore);
        Map<String, Integer> calls = new HashMap<>(app.simulator().requestCounts());
        before.forEach((action, count) -> calls.merge(action, -count, Integer::sum));
        calls.values().removeIf(count -> count == 0);
        return calls;
    }

    @Test
    void aWholeEnrollmentMakesFourCallsListCreateEnableAndTheTagsForTheMail() {
        String user = app.newUser("counted", true, true);

        Map<String, Integer> calls = callsDuring(() -> {
            Browser person = app.signedInAs(user);
            HttpWizard.enroll(person, app.clock());
            assertThat(person.get("/enroll/done").body()).contains("arn:aws:iam::123456789012:mfa/" + user);
        });

        assertThat(calls).containsExactlyInAnyOrderEntriesOf(Map.of("ListMFADevices", 1,
                "CreateVirtualMFADevice", 1, "EnableMFADevice", 1, "ListUserTags", 1));
    }

    @Test
    void aMistakenPairCostsNoCall() {
        String user = app.newUser("mistaken", true, true);

        Map<String, Integer> calls = callsDuring(() -> {
            Browser person = app.signedInAs(user);
            Authenticator phone = HttpWizard.startAndReadKey(person, app.clock());
            assertThat(HttpWizard.submitCodes(person, phone.code(0), phone.code(-1)).location())
                    .isEqualTo("/enroll/verify");
            assertThat(HttpWizard.submitCodes(person, phone.code(-1), phone.code(0)).location())
                    .isEqualTo("/enroll/done");
            person.get("/enroll/done");
        });

        assertThat(calls.values().stream().mapToInt(Integer::intValue).sum()).as(calls.toString()).isEqualTo(4);
    }
}
