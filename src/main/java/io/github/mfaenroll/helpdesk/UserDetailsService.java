package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.audit.References;
import io.github.mfaenroll.enrollment.EnrollmentStore;
import io.github.mfaenroll.helpdesk.HelpdeskRefusal.Kind;
import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamGateway;
import io.github.mfaenroll.iam.IamUser;
import io.github.mfaenroll.iam.MfaSerial;
import io.github.mfaenroll.iam.TaggedUser;
import io.github.mfaenroll.iam.UsersNamed;
import io.github.mfaenroll.onboarding.OnboardingLinks;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the helpdesk's user page shows: from IAM the user, console password, email tag and MFA devices; from
 * the database the running (or latest) enrollment, the links issued and the user's audit history. Reading changes
 * nothing and is not audited.
 */
public record UserDetailsService(AccountDirectory accounts, EnrollmentStore enrollments, OnboardingLinks links, AuditLog audit,
                                 String emailTagKey) {

    /** How many audit entries the user page shows. */
    static final int HISTORY_ENTRIES = 100;

    private static final Logger log = LoggerFactory.getLogger(UserDetailsService.class);

    /**
     * The accounts that hold a user of this name (IAM's spelling in each), looked up in every account the deployment
     * serves; accounts that cannot be reached are left out. A single account is not asked: its page says the rest.
     */
    public UsersNamed lookUp(String name) {
        if (!ActionGuard.validUserName(name)) {
            return new UsersNamed(List.of(), Map.of());
        }
        if (!accounts.severalAccounts()) {
            return new UsersNamed(List.of(new AccountUser(accounts.own().id(), name)), Map.of());
        }
        UsersNamed named = accounts.usersNamed(name);
        named.unanswered().forEach((account, e) -> log.warn("Looking up a user in account {} failed: {} {}",
                account.id(), e.action(), e.kind()));
        return named;
    }

    /** The user's details; USER_NOT_FOUND for a malformed or unknown name, IAM_* when IAM cannot answer. */
    public UserDetails details(AccountUser name) {
        if (!ActionGuard.validUserName(name.name())) {
            throw new HelpdeskRefusal(Kind.USER_NOT_FOUND, null, null);
        }
        try {
            IamGateway iam = accounts.iam(name.account());
            TaggedUser tagged = iam.getUserWithTags(name.name());
            IamUser user = tagged.user();
            boolean consolePassword = iam.hasConsolePassword(user.userName());
            Map<String, String> tags = tagged.tags();
            List<UserDetails.Device> devices = iam.listMfaDevices(user.userName()).stream()
                    .map(d -> new UserDetails.Device(d.serialNumber(), d.type(), d.enableDate()))
                    .toList();
            AccountUser found = new AccountUser(name.account(), user.userName());
            String accountLabel = accounts.byId(name.account()).map(Account::label).orElse(name.account().value());
            return new UserDetails(name.account().value(), accountLabel, user.userName(), user.arn(), consolePassword, tags.getOrDefault(emailTagKey, ""),
                    devices, MfaSerial.MAX_DEVICES_PER_USER, enrollmentOf(found), linksOf(found),
                    audit.forUser(found, HISTORY_ENTRIES));
        } catch (IamFailure e) {
            if (e.kind() == IamFailure.Kind.NO_SUCH_ENTITY) {
                throw new HelpdeskRefusal(Kind.USER_NOT_FOUND, null, null);
            }
            String reference = References.next();
            log.warn("Reading user {} for the helpdesk failed: {} {} (AWS request id {}) [{}]", name, e.action(),
                    e.kind(), e.awsRequestId(), reference);
            throw new HelpdeskRefusal(e.kind().transientFailure() ? Kind.IAM_UNAVAILABLE : Kind.IAM_REFUSED, null,
                    reference);
        }
    }

    private UserDetails.Enrollment enrollmentOf(AccountUser userName) {
        Optional<io.github.mfaenroll.enrollment.Enrollment> shown = enrollments.findActive(userName)
                .or(() -> enrollments.findLatest(userName));
        // State, counts and times only: the seed column is never read into the page.
        return shown.map(e -> new UserDetails.Enrollment(e.state().name(), e.state().active(), e.failedAttempts(),
                e.lastProblem(), e.createdAt(), e.expiresAt())).orElse(null);
    }

    private List<UserDetails.Link> linksOf(AccountUser userName) {
        return links.forUser(userName).stream()
                .map(l -> new UserDetails.Link(l.id(), links.statusOf(l), l.issuedBy(), l.createdAt(), l.expiresAt(),
                        l.claimedAt(), l.revokedAt(), l.allowAdditionalDevice(), l.bulkJobId() != null))
                .toList();
    }
}
