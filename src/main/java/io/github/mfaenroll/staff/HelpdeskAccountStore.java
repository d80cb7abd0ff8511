package io.github.mfaenroll.staff;

import io.github.mfaenroll.identity.Role;
import static io.github.mfaenroll.store.Rows.instant;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Rows of {@code helpdesk_accounts} and {@code helpdesk_pending_sign_ins}. Every change that guards something
 * (failure counts, lockout, replay step, single use) is one conditional statement, so two instances sharing the
 * database cannot both win.
 */
final class HelpdeskAccountStore {

    /** An account as stored. {@code totpCiphertext} is null until an authenticator is enrolled. */
    record Account(String name, String passwordHash, Role role, String totpCiphertext, Long lastTotpStep,
                   int failedAttempts, Instant lockedUntil) {

        boolean lockedAt(Instant now) {
            return lockedUntil != null && now.isBefore(lockedUntil);
        }

        @Override
        public String toString() {
            return "Account[" + name + ", " + role + "]";
        }
    }

    /** A correct password waiting for its second factor. */
    record Pending(String idHash, String accountName, String enrollmentCiphertext, Instant expiresAt) {
        @Override
        public String toString() {
            return "Pending[" + accountName + "]";
        }
    }

    private final Jdbi jdbi;

    HelpdeskAccountStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    boolean exists(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM helpdesk_accounts WHERE name = :name")
                .bind("name", name).mapTo(Integer.class).one()) > 0;
    }

    void insert(String name, String passwordHash, Role role, String createdBy, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO helpdesk_accounts (name, password_hash, role, created_by, created_at)
                        VALUES (:name, :hash, :role, :createdBy, :now)""")
                .bind("name", name).bind("hash", passwordHash).bind("role", role.name())
                .bind("createdBy", createdBy).bind("now", now)
                .execute());
    }

    Optional<Account> find(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM helpdesk_accounts WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> new Account(rs.getString("name"), rs.getString("password_hash"),
                        Role.valueOf(rs.getString("role")), rs.getString("totp_ciphertext"),
                        rs.getObject("last_totp_step") == null ? null : rs.getLong("last_totp_step"),
                        rs.getInt("failed_attempts"), instant(rs, "locked_until")))
                .findOne());
    }

    void updatePasswordHash(String name, String passwordHash) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE helpdesk_accounts SET password_hash = :hash WHERE name = :name")
                .bind("hash", passwordHash).bind("name", name).execute());
    }

    /** Counts one more consecutive failure and returns the new count. */
    int recordFailure(String name) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("UPDATE helpdesk_accounts SET failed_attempts = failed_attempts + 1 WHERE name = :name")
                    .bind("name", name).execute();
            return h.createQuery("SELECT failed_attempts FROM helpdesk_accounts WHERE name = :name")
                    .bind("name", name).mapTo(Integer.class).one();
        });
    }

    /**
     * Locks the account until {@code until} if it has reached {@code maxFailures}, and starts a fresh count for
     * after the lockout. True only for the one caller that locked it (so the lockout is audited once).
     */
    boolean lockIfReached(String name, int maxFailures, Instant until) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE helpdesk_accounts SET locked_until = :until, failed_attempts = 0
                        WHERE name = :name AND failed_attempts >= :max""")
                .bind("until", until).bind("name", name).bind("max", maxFailures).execute()) == 1;
    }

    /**
     * Binds the authenticator and records its first accepted step; clears failures. False if the account already
     * has an authenticator (another sign-in finished enrolling first).
     */
    boolean completeEnrollment(String name, String totpCiphertext, long step) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE helpdesk_accounts
                        SET totp_ciphertext = :ciphertext, last_totp_step = :step, failed_attempts = 0, locked_until = NULL
                        WHERE name = :name AND totp_ciphertext IS NULL""")
                .bind("ciphertext", totpCiphertext).bind("step", step).bind("name", name).execute()) == 1;
    }

    /**
     * Records {@code step} as the last accepted one and clears failures, only if it is later than the stored step:
     * the replay guard holds even when two instances check the same code at once.
     */
    boolean acceptStep(String name, long step) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE helpdesk_accounts SET last_totp_step = :step, failed_attempts = 0, locked_until = NULL
                        WHERE name = :name AND totp_ciphertext IS NOT NULL
                          AND (last_totp_step IS NULL OR last_totp_step < :step)""")
                .bind("step", step).bind("name", name).execute()) == 1;
    }

    /** Revokes the account's unused setup links and stores a new one; returns how many were revoked. */
    int replaceSetupLink(String tokenHash, String accountName, String createdBy, Instant now, Instant expiresAt) {
        return jdbi.inTransaction(h -> {
            int revoked = h.createUpdate("""
                            UPDATE helpdesk_setup_links SET revoked_at = :now
                            WHERE account_name = :name AND claimed_at IS NULL AND revoked_at IS NULL""")
                    .bind("now", now).bind("name", accountName).execute();
            h.createUpdate("""
                            INSERT INTO helpdesk_setup_links (token_hash, account_name, created_by, created_at, expires_at)
                            VALUES (:hash, :name, :createdBy, :now, :expiresAt)""")
                    .bind("hash", tokenHash).bind("name", accountName).bind("createdBy", createdBy)
                    .bind("now", now).bind("expiresAt", expiresAt).execute();
            return revoked;
        });
    }

    /** The account and expiry of a setup link that is unused, unrevoked and unexpired at {@code now}. */
    Optional<SetupLink> findUsableSetupLink(String tokenHash, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT account_name, expires_at FROM helpdesk_setup_links
                        WHERE token_hash = :hash AND claimed_at IS NULL AND revoked_at IS NULL AND expires_at > :now""")
                .bind("hash", tokenHash).bind("now", now)
                .map((rs, ctx) -> new SetupLink(rs.getString("account_name"), instant(rs, "expires_at")))
                .findOne());
    }

    /** Marks the setup link used; true only for the one caller that did (single use across instances). */
    boolean claimSetupLink(String tokenHash, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE helpdesk_setup_links SET claimed_at = :now
                        WHERE token_hash = :hash AND claimed_at IS NULL AND revoked_at IS NULL AND expires_at > :now""")
                .bind("now", now).bind("hash", tokenHash).execute()) == 1;
    }

    /** A usable setup link: which account it sets up, until when. */
    record SetupLink(String accountName, Instant expiresAt) {
    }

    void insertPending(String idHash, String accountName, String enrollmentCiphertext, Instant now, Instant expiresAt) {
        jdbi.useHandle(h -> {
            // Expired rows are useless; removing them here keeps the table small without a separate job.
            h.createUpdate("DELETE FROM helpdesk_pending_sign_ins WHERE expires_at <= :now").bind("now", now).execute();
            h.createUpdate("""
                            INSERT INTO helpdesk_pending_sign_ins (id_hash, account_name, enrollment_ciphertext, created_at, expires_at)
                            VALUES (:idHash, :name, :ciphertext, :now, :expiresAt)""")
                    .bind("idHash", idHash).bind("name", accountName).bind("ciphertext", enrollmentCiphertext)
                    .bind("now", now).bind("expiresAt", expiresAt)
                    .execute();
        });
    }

    /** The pending sign-in for this hash if it has not expired. */
    Optional<Pending> findPending(String idHash, Instant now) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM helpdesk_pending_sign_ins WHERE id_hash = :idHash AND expires_at > :now")
                .bind("idHash", idHash).bind("now", now)
                .map((rs, ctx) -> new Pending(rs.getString("id_hash"), rs.getString("account_name"),
                        rs.getString("enrollment_ciphertext"), instant(rs, "expires_at")))
                .findOne());
    }

    /** Deletes the pending sign-in; true only for the one caller that deleted it (single use). */
    boolean consumePending(String idHash) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM helpdesk_pending_sign_ins WHERE id_hash = :idHash")
                .bind("idHash", idHash).execute()) == 1;
    }

    void deletePendingFor(String accountName) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM helpdesk_pending_sign_ins WHERE account_name = :name")
                .bind("name", accountName).execute());
    }
}
