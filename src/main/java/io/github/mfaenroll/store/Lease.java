package io.github.mfaenroll.store;

import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/**
 * A database lease: at most one holder at a time among all instances sharing the database. Taking it is one
 * conditional update, so it works the same on H2 and PostgreSQL. A holder that dies simply lets it expire.
 */
public final class Lease {

    private final Jdbi jdbi;
    private final Clock clock;
    private final String name;
    private final String holder;

    public Lease(Jdbi jdbi, Clock clock, String name, String holder) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.name = name;
        this.holder = holder;
    }

    /** Takes (or extends) the lease for {@code duration}; false when another holder has it. */
    public boolean tryAcquire(Duration duration) {
        var now = clock.instant();
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE leases SET holder = :holder, expires_at = :until
                        WHERE name = :name AND (expires_at <= :now OR holder = :holder)""")
                .bind("holder", holder).bind("until", now.plus(duration)).bind("name", name).bind("now", now)
                .execute()) == 1;
    }

    /** Gives the lease up early so another instance need not wait for it to expire. */
    public void release() {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE leases SET holder = NULL, expires_at = :now WHERE name = :name AND holder = :holder""")
                .bind("now", clock.instant()).bind("name", name).bind("holder", holder).execute());
    }
}
