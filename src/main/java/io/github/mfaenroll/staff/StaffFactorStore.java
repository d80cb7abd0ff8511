package io.github.mfaenroll.staff;

import static io.github.mfaenroll.store.Rows.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The rows of a staff member's own authenticator, whichever way they sign in: the authenticator columns of the
 * owner's row (encrypted key, last accepted step, consecutive failures, lockout), its sign-ins waiting for a code, and
 * its one-time setup links. Local accounts ({@link HelpdeskAccountStore}) and company staff ({@link OidcStaffStore})
 * keep them in tables of their own with the same columns; the statements are written once here, for the
 * {@link Tables} each subclass names.
 *
 * <p>Every change that guards something (failure count, lockout, replay step, single use) is one conditional
 * statement, so two instances sharing the database cannot both win.
 *
 * @param <P> the subclass's pending sign-in, which carries what its session will hold
 */
abstract class StaffFactorStore<P extends StaffFactorStore.PendingStep> {

    /**
     * Where one kind of staff keeps its rows: the tables, and the column that names the owner in each. Constants of
     * the subclasses, never input: they are put into the statements as text ({@code <owners>}, {@code <ownerKey>}…).
     */
    record Tables(String owners, String ownerKey, String pending, String pendingOwner, String setupLinks,
                  String setupLinkOwner) {
    }

    /** The authenticator columns of an owner's row. {@code totpCiphertext} is null until an authenticator is enrolled. */
    record SecondFactor(String totpCiphertext, Long lastTotpStep, int failedAttempts, Instant lockedUntil) {

        static SecondFactor read(ResultSet rs) throws SQLException {
            return new SecondFactor(rs.getString("totp_ciphertext"),
                    rs.getObject("last_totp_step") == null ? null : rs.getLong("last_totp_step"),
                    rs.getInt("failed_attempts"), instant(rs, "locked_until"));
        }

        boolean enrolled() {
            return totpCiphertext != null;
        }

        boolean lockedAt(Instant now) {
            return lockedUntil != null && now.isBefore(lockedUntil);
        }

        @Override
        public String toString() {
            return "SecondFactor[enrolled=" + enrolled() + ", lockedUntil=" + lockedUntil + "]";
        }
    }

    /** A sign-in waiting for its code; {@code enrollmentCiphertext} is the key it offers to enroll, or null. */
    interface PendingStep {
        String idHash();

        /** The account name or principal whose authenticator the code is checked against. */
        String owner();

        String enrollmentCiphertext();
    }

    /** A usable setup link: whose authenticator it sets up, until when. */
    record SetupLink(String owner, Instant expiresAt) {
    }

    final Jdbi jdbi;
    private final Tables tables;

    StaffFactorStore(Jdbi jdbi, Tables tables) {
        this.jdbi = jdbi;
        this.tables = tables;
    }

    /** The pending sign-in for this hash if it has not expired. */
    abstract Optional<P> findPending(String idHash, Instant now);

    /** The authenticator columns of the owner's row; empty when there is no such owner. */
    Optional<SecondFactor> findFactor(String owner) {
        return withHandle(h -> h.createQuery("SELECT * FROM <owners> WHERE <ownerKey> = :owner")
                .bind("owner", owner)
                .map((rs, ctx) -> SecondFactor.read(rs))
                .findOne());
    }

    /** Counts one more consecutive failure and returns the new count. */
    int recordFailure(String owner) {
        return inTransaction(h -> {
            h.createUpdate("UPDATE <owners> SET failed_attempts = failed_attempts + 1 WHERE <ownerKey> = :owner")
                    .bind("owner", owner).execute();
            return h.createQuery("SELECT failed_attempts FROM <owners> WHERE <ownerKey> = :owner")
                    .bind("owner", owner).mapTo(Integer.class).one();
        });
    }

    /**
     * Locks the owner until {@code until} if it has reached {@code maxFailures}, and starts a fresh count for after
     * the lockout. True only for the one caller that locked it (so the lockout is audited once).
     */
    boolean lockIfReached(String owner, int maxFailures, Instant until) {
        return withHandle(h -> h.createUpdate("""
                        UPDATE <owners> SET locked_until = :until, failed_attempts = 0
                        WHERE <ownerKey> = :owner AND failed_attempts >= :max""")
                .bind("until", until).bind("owner", owner).bind("max", maxFailures).execute()) == 1;
    }

    /**
     * Binds the authenticator and records its first accepted step; clears failures. False if the owner already has
     * an authenticator (another sign-in finished enrolling first).
     */
    boolean completeEnrollment(String owner, String totpCiphertext, long step) {
        return withHandle(h -> h.createUpdate("""
                        UPDATE <owners>
                        SET totp_ciphertext = :ciphertext, last_totp_step = :step, failed_attempts = 0, locked_until = NULL
                        WHERE <ownerKey> = :owner AND totp_ciphertext IS NULL""")
                .bind("ciphertext", totpCiphertext).bind("step", step).bind("owner", owner).execute()) == 1;
    }

    /**
     * Records {@code step} as the last accepted one and clears failures, only if it is later than the stored step:
     * the replay guard holds even when two instances check the same code at once.
     */
    boolean acceptStep(String owner, long step) {
        return withHandle(h -> h.createUpdate("""
                        UPDATE <owners> SET last_totp_step = :step, failed_attempts = 0, locked_until = NULL
                        WHERE <ownerKey> = :owner AND totp_ciphertext IS NOT NULL
                          AND (last_totp_step IS NULL OR last_totp_step < :step)""")
                .bind("step", step).bind("owner", owner).execute()) == 1;
    }

    /** Expired pending rows are useless; removing them when a new one is stored keeps the table small without a job. */
    void deleteExpiredPending(Handle h, Instant now) {
        define(h).createUpdate("DELETE FROM <pending> WHERE expires_at <= :now").bind("now", now).execute();
    }

    /** Deletes the pending sign-in; true only for the one caller that deleted it (single use). */
    boolean consumePending(String idHash) {
        return withHandle(h -> h.createUpdate("DELETE FROM <pending> WHERE id_hash = :idHash")
                .bind("idHash", idHash).execute()) == 1;
    }

    void deletePendingFor(String owner) {
        withHandle(h -> h.createUpdate("DELETE FROM <pending> WHERE <pendingOwner> = :owner")
                .bind("owner", owner).execute());
    }

    /** Revokes the owner's unused setup links and stores a new one; returns how many were revoked. */
    int replaceSetupLink(String tokenHash, String owner, String createdBy, Instant now, Instant expiresAt) {
        return inTransaction(h -> {
            int revoked = h.createUpdate("""
                            UPDATE <setupLinks> SET revoked_at = :now
                            WHERE <setupLinkOwner> = :owner AND claimed_at IS NULL AND revoked_at IS NULL""")
                    .bind("now", now).bind("owner", owner).execute();
            h.createUpdate("""
                            INSERT INTO <setupLinks> (token_hash, <setupLinkOwner>, created_by, created_at, expires_at)
                            VALUES (:hash, :owner, :createdBy, :now, :expiresAt)""")
                    .bind("hash", tokenHash).bind("owner", owner).bind("createdBy", createdBy)
                    .bind("now", now).bind("expiresAt", expiresAt).execute();
            return revoked;
        });
    }

    /** The owner and expiry of a setup link that is unused, unrevoked and unexpired at {@code now}. */
    Optional<SetupLink> findUsableSetupLink(String tokenHash, Instant now) {
        return withHandle(h -> h.createQuery("""
                        SELECT <setupLinkOwner> AS owner, expires_at FROM <setupLinks>
                        WHERE token_hash = :hash AND claimed_at IS NULL AND revoked_at IS NULL AND expires_at > :now""")
                .bind("hash", tokenHash).bind("now", now)
                .map((rs, ctx) -> new SetupLink(rs.getString("owner"), instant(rs, "expires_at")))
                .findOne());
    }

    /** {@link Jdbi#withHandle} with this kind's table names defined for the statements. */
    <R> R withHandle(HandleCallback<R, RuntimeException> callback) {
        return jdbi.withHandle(h -> callback.withHandle(define(h)));
    }

    /** {@link Jdbi#inTransaction} with this kind's table names defined for the statements. */
    <R> R inTransaction(HandleCallback<R, RuntimeException> callback) {
        return jdbi.inTransaction(h -> callback.withHandle(define(h)));
    }

    private Handle define(Handle h) {
        return h.define("owners", tables.owners()).define("ownerKey", tables.ownerKey())
                .define("pending", tables.pending()).define("pendingOwner", tables.pendingOwner())
                .define("setupLinks", tables.setupLinks()).define("setupLinkOwner", tables.setupLinkOwner());
    }
}
