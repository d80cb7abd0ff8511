package io.github.mfaenroll.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand; shared by the app and the IAM simulator so both see the same time. */
public final class MutableClock extends Clock {

    private volatile Instant now;
    private volatile boolean broken;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    public void set(Instant instant) {
        now = instant;
    }

    /** From now on, reading the clock throws: a stand-in for any bug inside the code that reads it. */
    public void breakDown() {
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
