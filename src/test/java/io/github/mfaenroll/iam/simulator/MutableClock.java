package io.github.mfaenroll.iam.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand, so TOTP windows are tested at exact steps. */
final class MutableClock extends Clock {

    private volatile Instant now;
    private volatile boolean broken;

    MutableClock(Instant start) {
        this.now = start;
    }

    void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** From now on, reading the clock throws: a stand-in for any bug inside the simulator. */
    void breakDown() {
        broken = true;
    }

    @Override
    public Instant instant() {
        if (broken) {
            throw new IllegalStateException("clock broke down");
        }
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
