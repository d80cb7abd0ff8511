package io.github.mfaenroll.testing;

import io.github.mfaenroll.testing.Browser.Page;
import java.time.Clock;
import java.util.Map;

/**
 * A person going through the enrollment wizard over HTTP: each step opens its page and posts what the page's form
 * would. The browser must be signed in as the IAM user ({@link TestApp#signedInAs}); the phone reads the typed key.
 */
public final class HttpWizard {

    private HttpWizard() {
    }

    /** Opens the start page and presses "start", as the person would; returns the answer. */
    public static Page pressStart(Browser person) {
        person.get("/enroll");
        return person.post("/enroll/start", Map.of());
    }

    /**
     * Opens the start page and presses "start"; returns the phone that read the key off the scan page. Fails unless
     * "start" leads to the scan page.
     */
    public static Authenticator startAndReadKey(Browser person, Clock clock) {
        Page started = pressStart(person);
        if (started.status() != 303 || !"/enroll/scan".equals(started.location())) {
            throw new AssertionError("start answered " + started.status() + " " + started.location());
        }
        Page scan = person.get("/enroll/scan");
        if (scan.status() != 200) {
            throw new AssertionError("the scan page answered " + scan.status());
        }
        return Authenticator.fromScanPage(scan.body(), clock);
    }

    /** Opens the verify page and posts two codes; returns the answer. */
    public static Page submitCodes(Browser person, String code1, String code2) {
        person.get("/enroll/verify");
        return person.post("/enroll/verify", Map.of("code1", code1, "code2", code2));
    }

    /**
     * The whole wizard: start, read the key, post the phone's previous and current codes. Fails unless that ends on
     * the done page; returns the phone.
     */
    public static Authenticator enroll(Browser person, Clock clock) {
        Authenticator phone = startAndReadKey(person, clock);
        Page verified = submitCodes(person, phone.code(-1), phone.code(0));
        if (verified.status() != 303 || !"/enroll/done".equals(verified.location())) {
            throw new AssertionError("the codes answered " + verified.status() + " " + verified.location());
        }
        return phone;
    }
}
