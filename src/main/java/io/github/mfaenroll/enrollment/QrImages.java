package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.totp.QrCodes;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scan page's QR code, drawn once per enrollment instead of on every view: a PNG costs about 2.5 ms, the most
 * expensive thing the wizard computes, and people reload the page while they fetch their phone.
 *
 * <p>The image holds the seed, so it is kept in memory only, for the session whose enrollment it is, and is served
 * only for that enrollment while the wizard still shows it. It is dropped when the session binds its device, cancels
 * or fails a verification that ends the setup; an enrollment that ends another way (it expires, a newer start replaces
 * it) leaves its image until the enrollment's {@code expiresAt}, when the next use of this cache removes it. Bounded in
 * size; nothing goes to disk or to a shared cache.
 */
public final class QrImages {

    static final int PIXELS = 280;
    private static final int MAX_SESSIONS = 2_000;

    private record Drawn(String enrollmentId, Instant expiresAt, String pngDataUri) {
        @Override
        public String toString() {
            return "Drawn[" + enrollmentId + ", <secret redacted>]";
        }
    }

    private final Clock clock;
    /** By session key, oldest first; the eldest goes when the map is full. */
    private final Map<String, Drawn> bySession = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Drawn> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    public QrImages(Clock clock) {
        this.clock = clock;
    }

    /** The QR code of {@code scan} as a PNG data URI, drawn at most once per enrollment of the session. */
    public String pngDataUri(Enroller enroller, ScanDetails scan) {
        Instant now = clock.instant();
        synchronized (bySession) {
            bySession.values().removeIf(expired -> !now.isBefore(expired.expiresAt()));
            Drawn drawn = bySession.get(enroller.sessionKey());
            if (drawn != null && drawn.enrollmentId().equals(scan.enrollmentId()) && now.isBefore(drawn.expiresAt())) {
                return drawn.pngDataUri();
            }
        }
        String png = QrCodes.pngDataUri(scan.otpauthUri(), PIXELS);
        synchronized (bySession) {
            bySession.remove(enroller.sessionKey());
            bySession.put(enroller.sessionKey(), new Drawn(scan.enrollmentId(), scan.expiresAt(), png));
        }
        return png;
    }

    /** The session's enrollment ended here (bound or cancelled): its image goes with it. */
    public void forget(Enroller enroller) {
        synchronized (bySession) {
            bySession.remove(enroller.sessionKey());
        }
    }
}
