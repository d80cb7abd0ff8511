package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.TestApp;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stopping the app lets a request in flight finish instead of cutting it off. */
class GracefulShutdownTest {

    @Test
    void aRequestWaitingOnIamCompletesWhileTheAppStops() throws Exception {
        TestApp app = TestApp.start();
        Browser browser = app.signedInAs("alice");
        browser.get("/enroll");
        app.simulator().answerAfter(Duration.ofMillis(700)); // GetUser, ListMFADevices, Create: about 2 s in all

        CompletableFuture<Page> start = CompletableFuture.supplyAsync(() -> browser.post("/enroll/start", Map.of()));
        Thread.sleep(500);
        long stopping = System.nanoTime();
        app.close();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);

        Page page = start.get(30, TimeUnit.SECONDS);
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.location()).isEqualTo("/enroll/scan");
        assertThat(stopMillis).as("stop waited for the request").isGreaterThan(500);
        assertThat(app.simulator().assignedSerials("alice")).isEmpty();
    }
}
