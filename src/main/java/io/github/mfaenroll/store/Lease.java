package io.github.mfaenroll.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * A database lease: at most one holder at a time among all instances sharing the database. Taking it is one
 * conditional update, so it works the same on H2 and PostgreSQL. A holder that dies simply lets it expire.
 */
public record Lease(Jdbi jdbi, Clock clock, String name) {

    /**
     * Takes the lease for {@code duration} and returns the holder token to release it with; empty when someone
     * holds it. Each call is its own holder, so two jobs in one process exclude each other too.
     */
    public Optional<String> tryAcquire(Duration duration) {
        String holder = UUID.randomUUID().toString();
        var now = clock.instant();
        int taken = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE leases SET holder = :holder, expires_at = :until
                        WHERE name = :name AND expires_at <= :now""")
                .bind("holder", holder).bind("until", now.plus(duration)).bind("name", name).bind("now", now)
                .execute());
        return taken == 1 ? Optional.of(holder) : Optional.empty();
    }

    /**
     * Extends the lease for a long job that is still working. False when {@code holder} no longer holds it (it
     * expired and someone else took it, or it was released): the job must then stop. A lease that expired while nobody
     * took it is still the holder's: taking it sets a new holder, so the holder alone says whether anyone else ran.
     */
    public boolean renew(String holder, Duration duration) {
        var now = clock.instant();
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE leases SET expires_at = :until WHERE name = :name AND holder = :holder""")
                .bind("until", now.plus(duration)).bind("name", name).bind("holder", holder)
                .execute()) == 1;
    }

    /** Gives the lease up early so another instance need not wait for it to expire. */
    public void release(String holder) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE leases SET holder = NULL, expires_at = :now WHERE name = :name AND holder = :holder""")
                .bind("now", clock.instant()).bind("name", name).bind("holder", holder).execute());
    }
}
