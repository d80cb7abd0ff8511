package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stopping the app lets a request in flight finish instead of cutting it off. */
class GracefulShutdownTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    @Test
    void aRequestWaitingOnIamCompletesWhileTheAppStops() throws Exception {
        Browser browser = app.signedInAs("alice");
        browser.get("/enroll");
        app.simulator().answerAfter(Duration.ofMillis(700)); // GetUser, ListMFADevices, Create: about 2 s in all
        int getUsersBefore = app.simulator().requestCount("GetUser");

        CompletableFuture<Page> start = CompletableFuture.supplyAsync(() -> browser.post("/enroll/start", Map.of()));
        // In flight: the request has reached IAM, whose answers take 700 ms each from here.
        await("the start request reaches IAM").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> app.simulator().requestCount("GetUser") > getUsersBefore);
        long stopping = System.nanoTime();
        app.get().close();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);

        Page page = start.get(30, TimeUnit.SECONDS);
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.location()).isEqualTo("/enroll/scan");
        assertThat(stopMillis).as("stop waited for the request").isGreaterThan(500);
        assertThat(app.simulator().assignedSerials("alice")).isEmpty();
    }
}
