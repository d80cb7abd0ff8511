package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.MfaDevice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The user's MFA devices as this session last read them from IAM, for a short while: the start page reads the list,
 * and the start that follows, and the done page, use that read instead of asking IAM again. IAM's request allowance
 * is shared by every tool in the account; this keeps a whole enrollment to one {@code ListMFADevices}.
 *
 * <p>What a copy up to {@link #MAX_AGE} old can miss: a list is only ever used by the session that read it. A device
 * bound through this app (the wizard, or a hardware token the helpdesk assigns) ends the user's other sessions, so
 * their lists go with them; a device bound in the AWS console in those minutes is not seen, and the start that follows
 * may add a device to a user who has just got MFA. The same was always true between a start
 * and its verification (the enrollment's TTL), which is the longer window; IAM itself still refuses a ninth device at
 * {@code EnableMFADevice}. Kept in memory per instance (a request that reaches another instance reads the list again),
 * bounded in size, and holding serials only, never seeds.
 */
public final class RecentDeviceLists {

    /** Long enough for the start page, the press of "start" and the wizard's last page; short enough to be current. */
    static final Duration MAX_AGE = Duration.ofMinutes(3);
    private static final int MAX_SESSIONS = 10_000;

    private record Listing(AccountUser iamUser, List<MfaDevice> devices, Instant readAt) {
    }

    private final Clock clock;
    /** By session key, oldest first; the eldest goes when the map is full. */
    private final Map<String, Listing> bySession = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Listing> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    public RecentDeviceLists(Clock clock) {
        this.clock = clock;
    }

    /** The enroller's devices as its session read them in the last {@link #MAX_AGE}, else {@code read} now. */
    public List<MfaDevice> current(Enroller enroller, Supplier<List<MfaDevice>> read) {
        Instant now = clock.instant();
        synchronized (bySession) {
            Listing known = bySession.get(enroller.sessionKey());
            if (known != null && known.iamUser().equals(enroller.iamUser()) && known.readAt().plus(MAX_AGE).isAfter(now)) {
                return known.devices();
            }
        }
        List<MfaDevice> devices = List.copyOf(read.get());
        synchronized (bySession) {
            bySession.remove(enroller.sessionKey());
            bySession.put(enroller.sessionKey(), new Listing(enroller.iamUser(), devices, now));
        }
        return devices;
    }

    /** The session just bound {@code device}: its list, if it has a current one, shows it too. */
    public void bound(Enroller enroller, MfaDevice device) {
        synchronized (bySession) {
            bySession.computeIfPresent(enroller.sessionKey(), (key, known) -> {
                List<MfaDevice> devices = new ArrayList<>(known.devices());
                devices.add(device);
                return new Listing(known.iamUser(), List.copyOf(devices), known.readAt());
            });
        }
    }
}
