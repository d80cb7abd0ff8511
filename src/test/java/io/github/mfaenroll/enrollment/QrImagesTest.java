package io.github.mfaenroll.enrollment;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The scan page's QR code is drawn once per enrollment of a session, and not kept past the enrollment. */
class QrImagesTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final String URI = "otpauth://totp/AWS%20demo:alice?secret=JBSWY3DPEHPK3PXP&issuer=AWS%20demo";

    private final MutableClock clock = new MutableClock(NOW);
    private final QrImages images = new QrImages(clock);
    private final Enroller alice = new Enroller(user("alice"), "session-a", false, null);

    private static ScanDetails scan(String enrollmentId) {
        return new ScanDetails(enrollmentId, URI, "JBSW Y3DP EHPK 3PXP", "AWS demo", "alice",
                NOW.plus(Duration.ofMinutes(15)));
    }

    @Test
    void aReloadOfTheScanPageGetsTheImageDrawnTheFirstTime() {

        String first = images.pngDataUri(alice, scan("e1"));
        String again = images.pngDataUri(alice, scan("e1"));

        assertThat(first).startsWith("data:image/png;base64,");
        assertThat(again).isSameAs(first);
    }

    @Test
    void aNewEnrollmentAnotherSessionAnEndedOrAnExpiredOneIsDrawnAfresh() {
        String first = images.pngDataUri(alice, scan("e1"));

        String otherEnrollment = images.pngDataUri(alice, scan("e2"));
        String otherSession = images.pngDataUri(new Enroller(user("alice"), "session-b", false, null), scan("e2"));
        images.forget(alice);
        String afterTheEnd = images.pngDataUri(alice, scan("e2"));
        clock.advance(Duration.ofMinutes(15));
        String afterExpiry = images.pngDataUri(alice, scan("e2"));

        assertThat(otherEnrollment).isNotSameAs(first).isEqualTo(first);
        assertThat(otherSession).isNotSameAs(otherEnrollment);
        assertThat(afterTheEnd).isNotSameAs(otherEnrollment);
        assertThat(afterExpiry).isNotSameAs(afterTheEnd);
    }
}
