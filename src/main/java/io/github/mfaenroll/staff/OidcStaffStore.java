package io.github.mfaenroll.staff;

import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.store.UniqueViolation;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Rows of {@code oidc_staff}, {@code oidc_staff_pending} and {@code oidc_staff_setup_links}: staff who sign in with
 * the company provider, their own authenticator, their sign-ins waiting for its code, and their setup links. The
 * authenticator's statements are {@link StaffFactorStore}'s; here is what only company staff have: the binding to the
 * provider's subject, the role and IAM user of the last sign-in, and a setup link claimed together with a sign-in.
 */
final class OidcStaffStore extends StaffFactorStore<OidcStaffStore.Pending> {

    private static final Tables TABLES = new Tables("oidc_staff", "principal", "oidc_staff_pending", "principal",
            "oidc_staff_setup_links", "principal");

    /** A staff principal as stored, with its authenticator columns. */
    record Member(String principal, Role role, String iamUser, SecondFactor factor) {
        @Override
        public String toString() {
            return "Member[" + principal + ", " + role + "]";
        }
    }

    /** A company sign-in waiting for the app's second factor, with what its session will hold. */
    record Pending(String idHash, String principal, Role role, String iamUser, String enrollmentCiphertext) implements PendingStep {
        @Override
        public String owner() {
            return principal;
        }

        @Override
        public String toString() {
            return "Pending[" + principal + "]";
        }
    }

    OidcStaffStore(Jdbi jdbi) {
        super(jdbi, TABLES);
    }

    /**
     * Records (or updates) the role and IAM user the provider's claims gave this principal just now, for the person
     * the provider names by {@code issuer} and {@code subject}. Returns false, changing nothing, when the principal
     * belongs to another subject (a renamed or recreated account at the provider). A row from before subjects were
     * stored takes this one. Safe when two first sign-ins of one principal race: one inserts, the other updates.
     */
    boolean remember(String principal, Role role, String iamUser, String issuer, String subject, Instant now) {
        if (update(principal, role, iamUser, issuer, subject, now)) {
            return true;
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO oidc_staff (principal, role, iam_user, issuer, subject, updated_at)
                            VALUES (:principal, :role, :iamUser, :issuer, :subject, :now)""")
                    .bind("principal", principal).bind("role", role.name()).bind("iamUser", iamUser)
                    .bind("issuer", issuer).bind("subject", subject).bind("now", now).execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (!UniqueViolation.causedBy(e)) {
                throw e;
            }
            // Another sign-in of the same principal inserted first (or the row is another subject's): as an update.
            return update(principal, role, iamUser, issuer, subject, now);
        }
    }

    private boolean update(String principal, Role role, String iamUser, String issuer, String subject, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE oidc_staff SET role = :role, iam_user = :iamUser, updated_at = :now,
                               issuer = :issuer, subject = :subject
                        WHERE principal = :principal
                          AND (subject IS NULL OR (issuer = :issuer AND subject = :subject))""")
                .bind("role", role.name()).bind("iamUser", iamUser).bind("now", now)
                .bind("issuer", issuer).bind("subject", subject)
                .bind("principal", principal).execute()) == 1;
    }

    Optional<Member> find(String principal) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM oidc_staff WHERE principal = :principal")
                .bind("principal", principal)
                .map((rs, ctx) -> new Member(rs.getString("principal"), Role.valueOf(rs.getString("role")),
                        rs.getString("iam_user"), SecondFactor.read(rs)))
                .findOne());
    }

    /** Whether the provider last said that an administrator's principal maps to this IAM user. */
    boolean isAdministratorsIamUser(String iamUser) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM oidc_staff WHERE role = 'ADMIN' AND LOWER(iam_user) = LOWER(:iamUser)""")
                .bind("iamUser", iamUser).mapTo(Integer.class).one()) > 0;
    }

    /**
     * Whether this principal is one the provider last gave the administrator role. Ignores case, as the helpdesk's
     * check of the staff tag does: {@code oidc:Kim} and {@code oidc:kim} are not told apart for protection.
     */
    boolean isAdministrator(String principal) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM oidc_staff WHERE role = 'ADMIN' AND LOWER(principal) = LOWER(:principal)")
                .bind("principal", principal).mapTo(Integer.class).one()) > 0;
    }

    void insertPending(Pending pending, Instant now, Instant expiresAt) {
        jdbi.useHandle(h -> {
            deleteExpiredPending(h, now);
            insertPending(h, pending, now, expiresAt);
        });
    }

    private static void insertPending(Handle h, Pending pending, Instant now, Instant expiresAt) {
        h.createUpdate("""
                        INSERT INTO oidc_staff_pending (id_hash, principal, role, iam_user,
                                                        enrollment_ciphertext, created_at, expires_at)
                        VALUES (:idHash, :principal, :role, :iamUser, :ciphertext, :now, :expiresAt)""")
                .bind("idHash", pending.idHash()).bind("principal", pending.principal())
                .bind("role", pending.role().name()).bind("iamUser", pending.iamUser())
                .bind("ciphertext", pending.enrollmentCiphertext())
                .bind("now", now).bind("expiresAt", expiresAt)
                .execute();
    }

    @Override
    Optional<Pending> findPending(String idHash, Instant now) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM oidc_staff_pending WHERE id_hash = :idHash AND expires_at > :now")
                .bind("idHash", idHash).bind("now", now)
                .map((rs, ctx) -> new Pending(rs.getString("id_hash"), rs.getString("principal"),
                        Role.valueOf(rs.getString("role")), rs.getString("iam_user"),
                        rs.getString("enrollment_ciphertext")))
                .findOne());
    }

    /**
     * In one transaction: uses up the setup link, ends the pending step {@code oldIdHash} (which waited for it) and
     * stores {@code next}, a pending step that offers a key to enroll. False, changing nothing, unless the link was
     * still usable and the old pending step still there (each is single use, across instances).
     */
    boolean claimSetupLink(String tokenHash, String oldIdHash, Pending next, Instant now, Instant expiresAt) {
        return jdbi.inTransaction(h -> {
            int claimed = h.createUpdate("""
                            UPDATE oidc_staff_setup_links SET claimed_at = :now
                            WHERE token_hash = :hash AND principal = :principal
                              AND claimed_at IS NULL AND revoked_at IS NULL AND expires_at > :now""")
                    .bind("now", now).bind("hash", tokenHash).bind("principal", next.principal()).execute();
            int ended = claimed != 1 ? 0 : h.createUpdate("""
                            DELETE FROM oidc_staff_pending
                            WHERE id_hash = :idHash AND principal = :principal AND expires_at > :now""")
                    .bind("idHash", oldIdHash).bind("principal", next.principal()).bind("now", now).execute();
            if (ended != 1) {
                h.rollback();
                return false;
            }
            insertPending(h, next, now, expiresAt);
            return true;
        });
    }
}
