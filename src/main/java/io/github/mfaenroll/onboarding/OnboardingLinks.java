package io.github.mfaenroll.onboarding;

import static io.github.mfaenroll.store.Rows.instant;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.identity.SecretTokens;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Onboarding links: a 256-bit random token bound to one IAM user, stored only as its SHA-256, expiring, revocable
 * and single use. Looking at a link ({@link #inspect}) never consumes it, because mail scanners prefetch links;
 * only {@link #claim} (a POST) does, atomically, so two claims of one link cannot both win.
 */
public final class OnboardingLinks {

    /** Path prefix of onboarding links; the token follows it. */
    public static final String LINK_PATH = "/onboard/";

    private final Jdbi jdbi;
    private final SecretTokens tokens;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration ttl;
    private final URI baseUrl;

    public OnboardingLinks(Jdbi jdbi, SecretTokens tokens, AuditLog audit, Clock clock, Duration ttl, URI baseUrl) {
        this.jdbi = jdbi;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.ttl = ttl;
        this.baseUrl = baseUrl;
    }

    /** The state of a link as its holder sees it. */
    public enum Status { VALID, EXPIRED, REVOKED, CLAIMED, UNKNOWN }

    /** What a landing page may show about a link. {@code user} is null when UNKNOWN. */
    public record LinkView(Status status, AccountUser user, Instant expiresAt) {
    }

    /** A newly issued link. The URL holds the token: hand it to the person, never log it. */
    public record IssuedLink(String id, AccountUser user, URI url, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedLink[id=" + id + ", user=" + user + ", expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * A link as the helpdesk sees it (no token, no hash). {@code allowAdditionalDevice}: its session may add a device
     * although the user already has MFA; {@code bulkJobId}: the bulk invitation that issued it, or null.
     */
    public record LinkRecord(String id, AccountUser user, String email, String issuedBy, Instant createdAt,
                             Instant expiresAt, Instant claimedAt, Instant revokedAt, boolean allowAdditionalDevice,
                             String bulkJobId) {
    }

    /**
     * A claimed link: the IAM user the new session is bound to, whether it may add a device to existing MFA, and the
     * address in the user's email tag that the invitation went to (null when not known).
     */
    public record Claim(AccountUser user, boolean allowAdditionalDevice, String tagAddress) {
        @Override
        public String toString() {
            return "Claim[" + user + (allowAdditionalDevice ? ", additional device allowed" : "") + "]";
        }
    }

    /** Thrown by {@link #claim} when the link cannot be used; {@link #status()} says why. */
    public static final class LinkUnusable extends RuntimeException {
        private final Status status;

        public LinkUnusable(Status status) {
            super("Onboarding link is " + status);
            this.status = status;
        }

        public Status status() {
            return status;
        }
    }

    public IssuedLink issue(AccountUser user, String email, String issuedBy) {
        return issue(user, email, issuedBy, false, null);
    }

    /**
     * Issues a link and revokes the user's earlier unused ones, in one transaction: only the newest link a person was
     * given works. With {@code allowAdditionalDevice} its session may add a device to a user who already has MFA (a
     * helpdesk decision, audited); {@code bulkJobId} marks links sent by a bulk invitation.
     */
    public IssuedLink issue(AccountUser user, String email, String issuedBy, boolean allowAdditionalDevice,
                            String bulkJobId) {
        String token = tokens.newToken();
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        int revoked = jdbi.inTransaction(h -> {
            int earlier = h.createUpdate("""
                            UPDATE link_tokens SET revoked_at = :now
                            WHERE account_id = :account AND iam_user = :user AND claimed_at IS NULL AND revoked_at IS NULL AND expires_at > :now""")
                    .bind("account", user.account().value()).bind("user", user.name()).bind("now", now).execute();
            h.createUpdate("""
                            INSERT INTO link_tokens (id, token_hash, account_id, iam_user, email, issued_by, created_at,
                                                     expires_at, allow_additional_device, bulk_job_id)
                            VALUES (:id, :hash, :account, :user, :email, :by, :now, :expires, :allow, :job)""")
                    .bind("id", id).bind("hash", SecretTokens.sha256(token))
                    .bind("account", user.account().value()).bind("user", user.name())
                    .bind("email", email).bind("by", issuedBy).bind("now", now).bind("expires", expiresAt)
                    .bind("allow", allowAdditionalDevice).bind("job", bulkJobId)
                    .execute();
            return earlier;
        });
        audit.recordOnUser(issuedBy, user, AuditAction.LINK_ISSUED, Outcome.SUCCESS, "link " + id + ", expires " + expiresAt
                + (allowAdditionalDevice ? ", allows adding a device to existing MFA" : "")
                + (bulkJobId == null ? "" : ", bulk invitation " + bulkJobId)
                + (revoked == 0 ? "" : ", revoked " + revoked + " earlier unused link" + (revoked == 1 ? "" : "s")));
        return new IssuedLink(id, user, baseUrl.resolve(LINK_PATH + token), expiresAt);
    }

    /** Reads a link's state without consuming it. */
    public LinkView inspect(String token) {
        if (!SecretTokens.plausible(token)) {
            return new LinkView(Status.UNKNOWN, null, null);
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM link_tokens WHERE token_hash = :hash")
                        .bind("hash", SecretTokens.sha256(token))
                        .map(OnboardingLinks::mapLink)
                        .findOne())
                .map(link -> new LinkView(statusOf(link), link.user(), link.expiresAt()))
                .orElse(new LinkView(Status.UNKNOWN, null, null));
    }

    /**
     * Consumes the link and returns the IAM user it is bound to, and whether it allows adding a device to a user who
     * already has MFA. The conditional update is the single point of truth: whichever request flips
     * {@code claimed_at} first wins, on any instance.
     */
    public Claim claimLink(String token, String clientAddress) {
        LinkView view = inspect(token);
        if (view.status() == Status.VALID) {
            int updated = jdbi.withHandle(h -> h.createUpdate("""
                            UPDATE link_tokens SET claimed_at = :now
                            WHERE token_hash = :hash AND claimed_at IS NULL AND revoked_at IS NULL AND expires_at > :now""")
                    .bind("now", clock.instant()).bind("hash", SecretTokens.sha256(token)).execute());
            if (updated == 1) {
                Claim claim = jdbi.withHandle(h -> h.createQuery(
                                "SELECT account_id, iam_user, allow_additional_device, tag_address FROM link_tokens WHERE token_hash = :hash")
                        .bind("hash", SecretTokens.sha256(token))
                        .map((rs, ctx) -> new Claim(AccountUser.of(rs.getString("account_id"), rs.getString("iam_user")), rs.getBoolean("allow_additional_device"),
                                rs.getString("tag_address")))
                        .one());
                audit.recordOnUser(view.user().name(), view.user(), AuditAction.LINK_CLAIMED, Outcome.SUCCESS,
                        "from " + clientAddress
                                + (claim.allowAdditionalDevice() ? ", may add a device to existing MFA" : ""));
                return claim;
            }
            view = inspect(token);
        }
        audit.recordOnUser("anonymous", view.user(), AuditAction.LINK_CLAIM_REFUSED, Outcome.DENIED,
                "link " + view.status().name().toLowerCase() + ", from " + clientAddress);
        throw new LinkUnusable(view.status() == Status.VALID ? Status.CLAIMED : view.status());
    }

    /**
     * Remembers the address in the user's email tag that the link's invitation was mailed to: the session that claims
     * the link then addresses the device-bound notice without reading the tags again. The address is a reading of the
     * tag at most one link lifetime old; an explicitly given address is never recorded here, because only the tag
     * is the owner's channel that the helpdesk did not just type in.
     */
    public void rememberTagAddress(String linkId, String tagAddress) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE link_tokens SET tag_address = :address WHERE id = :id")
                .bind("address", tagAddress).bind("id", linkId).execute());
    }

    /** Revokes an unclaimed link by its public id. Returns false when there was nothing to revoke. */
    public boolean revoke(String linkId, String actor) {
        Optional<LinkRecord> link = find(linkId);
        int updated = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE link_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL AND claimed_at IS NULL""")
                .bind("now", clock.instant()).bind("id", linkId).execute());
        if (updated == 1) {
            audit.recordOnUser(actor, link.map(LinkRecord::user).orElse(null), AuditAction.LINK_REVOKED, Outcome.SUCCESS,
                    "link " + linkId);
        }
        return updated == 1;
    }

    public Optional<LinkRecord> find(String linkId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM link_tokens WHERE id = :id").bind("id", linkId)
                .map(OnboardingLinks::mapLink)
                .findOne());
    }

    /** The state a stored link is in now. */
    public Status statusOf(LinkRecord link) {
        if (link.revokedAt() != null) {
            return Status.REVOKED;
        }
        if (link.claimedAt() != null) {
            return Status.CLAIMED;
        }
        if (!clock.instant().isBefore(link.expiresAt())) {
            return Status.EXPIRED;
        }
        return Status.VALID;
    }

    public List<LinkRecord> forUser(AccountUser user) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM link_tokens WHERE account_id = :account AND iam_user = :user ORDER BY created_at DESC")
                .bind("account", user.account().value()).bind("user", user.name())
                .map(OnboardingLinks::mapLink)
                .list());
    }

    /**
     * Whether the user already holds an invitation a bulk run must not repeat: a link that is still valid, or one a
     * bulk invitation issued since {@code since} that was not withdrawn (claimed counts: they had their invitation).
     */
    public boolean hasPendingInvitation(AccountUser user, Instant since) {
        Instant now = clock.instant();
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM link_tokens WHERE account_id = :account AND iam_user = :user AND (
                            (claimed_at IS NULL AND revoked_at IS NULL AND expires_at > :now)
                            OR (bulk_job_id IS NOT NULL AND revoked_at IS NULL AND created_at > :since))""")
                .bind("account", user.account().value()).bind("user", user.name()).bind("now", now).bind("since", since).mapTo(Integer.class).one()) > 0;
    }

    private static LinkRecord mapLink(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new LinkRecord(rs.getString("id"), AccountUser.of(rs.getString("account_id"), rs.getString("iam_user")), rs.getString("email"),
                rs.getString("issued_by"), instant(rs, "created_at"), instant(rs, "expires_at"),
                instant(rs, "claimed_at"), instant(rs, "revoked_at"), rs.getBoolean("allow_additional_device"),
                rs.getString("bulk_job_id"));
    }
}
