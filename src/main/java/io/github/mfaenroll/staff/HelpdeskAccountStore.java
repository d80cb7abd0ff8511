package io.github.mfaenroll.staff;

import static io.github.mfaenroll.store.Rows.instant;

import io.github.mfaenroll.identity.Role;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Rows of {@code helpdesk_accounts}, {@code helpdesk_pending_sign_ins} and {@code helpdesk_setup_links}. The
 * authenticator's statements are {@link StaffFactorStore}'s; here is what only local accounts have: a password and
 * a setup link claimed with it.
 */
final class HelpdeskAccountStore extends StaffFactorStore<HelpdeskAccountStore.Pending> {

    private static final Tables TABLES = new Tables("helpdesk_accounts", "name", "helpdesk_pending_sign_ins",
            "account_name", "helpdesk_setup_links", "account_name");

    /** An account as stored, with its authenticator columns. */
    record Account(String name, String passwordHash, Role role, SecondFactor factor) {
        @Override
        public String toString() {
            return "Account[" + name + ", " + role + "]";
        }
    }

    /** A correct password waiting for its second factor. */
    record Pending(String idHash, String accountName, String enrollmentCiphertext, Instant expiresAt)
            implements PendingStep {
        @Override
        public String owner() {
            return accountName;
        }

        @Override
        public String toString() {
            return "Pending[" + accountName + "]";
        }
    }

    HelpdeskAccountStore(Jdbi jdbi) {
        super(jdbi, TABLES);
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
                        Role.valueOf(rs.getString("role")), SecondFactor.read(rs)))
                .findOne());
    }

    void updatePasswordHash(String name, String passwordHash) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE helpdesk_accounts SET password_hash = :hash WHERE name = :name")
                .bind("hash", passwordHash).bind("name", name).execute());
    }

    /** Marks the setup link used; true only for the one caller that did (single use across instances). */
    boolean claimSetupLink(String tokenHash, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE helpdesk_setup_links SET claimed_at = :now
                        WHERE token_hash = :hash AND claimed_at IS NULL AND revoked_at IS NULL AND expires_at > :now""")
                .bind("now", now).bind("hash", tokenHash).execute()) == 1;
    }

    void insertPending(String idHash, String accountName, String enrollmentCiphertext, Instant now, Instant expiresAt) {
        jdbi.useHandle(h -> {
            deleteExpiredPending(h, now);
            h.createUpdate("""
                            INSERT INTO helpdesk_pending_sign_ins (id_hash, account_name, enrollment_ciphertext, created_at, expires_at)
                            VALUES (:idHash, :name, :ciphertext, :now, :expiresAt)""")
                    .bind("idHash", idHash).bind("name", accountName).bind("ciphertext", enrollmentCiphertext)
                    .bind("now", now).bind("expiresAt", expiresAt)
                    .execute();
        });
    }

    @Override
    Optional<Pending> findPending(String idHash, Instant now) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM helpdesk_pending_sign_ins WHERE id_hash = :idHash AND expires_at > :now")
                .bind("idHash", idHash).bind("now", now)
                .map((rs, ctx) -> new Pending(rs.getString("id_hash"), rs.getString("account_name"),
                        rs.getString("enrollment_ciphertext"), instant(rs, "expires_at")))
                .findOne());
    }
}
