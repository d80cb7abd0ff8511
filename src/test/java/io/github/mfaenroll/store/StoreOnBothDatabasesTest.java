package io.github.mfaenroll.store;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.enrollment.CreatedDeviceStore;
import io.github.mfaenroll.enrollment.Enrollment;
import io.github.mfaenroll.enrollment.EnrollmentState;
import io.github.mfaenroll.enrollment.EnrollmentStore;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.SecretTokens;
import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import io.github.mfaenroll.onboarding.OnboardingLinks;
import io.github.mfaenroll.testing.Concurrently;
import io.github.mfaenroll.testing.Databases.NamedDatabase;
import io.github.mfaenroll.testing.MutableClock;
import io.github.mfaenroll.testing.OnBothDatabases;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * The stores on the embedded H2 default and on a real PostgreSQL: the same migrations, the same conditional
 * updates, the same answers. Concurrency cases use real threads on real connections.
 */
class StoreOnBothDatabasesTest {


    private final MutableClock clock = new MutableClock(TestApp.START);
    private final SecretTokens tokens = new SecretTokens(new SecureRandom());

    private OnboardingLinks links(Database db) {
        return new OnboardingLinks(db.jdbi(), tokens, new AuditLog(db.jdbi(), clock), clock, Duration.ofHours(72),
                URI.create("https://mfa.example.com"));
    }

    private static String token(IssuedLink link) {
        return Secrets.register(TestApp.tokenOf(link.url()));
    }

    @OnBothDatabases
    void aLinkIsClaimedExactlyOnceUnderConcurrentClaims(NamedDatabase named) throws Exception {
        try (Database db = named.open().get()) {
            OnboardingLinks links = links(db);
            String token = token(links.issue(user("alice"), null, "test"));

            List<Object> results = Concurrently.outcomes(8, () -> links.claimLink(token, "127.0.0.1").user().name());

            assertThat(results).filteredOn("alice"::equals).hasSize(1);
            assertThat(links.inspect(token).status()).isEqualTo(OnboardingLinks.Status.CLAIMED);
        }
    }

    @OnBothDatabases
    void linksExpireAndRevoke(NamedDatabase named) {
        try (Database db = named.open().get()) {
            OnboardingLinks links = links(db);
            IssuedLink expiring = links.issue(user("alice"), "alice@example.com", "test");
            IssuedLink revoked = links.issue(user("bob"), null, "test");

            links.revoke(revoked.id(), "test");
            clock.advance(Duration.ofHours(73));

            assertThat(links.inspect(token(expiring)).status()).isEqualTo(OnboardingLinks.Status.EXPIRED);
            assertThat(links.inspect(token(revoked)).status()).isEqualTo(OnboardingLinks.Status.REVOKED);
            assertThat(links.forUser(user("alice"))).hasSize(1);
            assertThatThrownBy(() -> links.claimLink(token(expiring), "127.0.0.1"))
                    .isInstanceOf(OnboardingLinks.LinkUnusable.class);
        }
    }

    @OnBothDatabases
    void aNewLinkRevokesTheUsersEarlierUnusedOnesOnly(NamedDatabase named) {
        try (Database db = named.open().get()) {
            OnboardingLinks links = links(db);
            IssuedLink claimed = links.issue(user("carol"), null, "test");
            links.claimLink(token(claimed), "127.0.0.1");
            IssuedLink earlier = links.issue(user("carol"), null, "test");
            IssuedLink someoneElses = links.issue(user("dave"), null, "test");

            IssuedLink newest = links.issue(user("carol"), null, "test");

            assertThat(links.inspect(token(earlier)).status()).isEqualTo(OnboardingLinks.Status.REVOKED);
            assertThat(links.inspect(token(claimed)).status()).isEqualTo(OnboardingLinks.Status.CLAIMED);
            assertThat(links.inspect(token(someoneElses)).status()).isEqualTo(OnboardingLinks.Status.VALID);
            assertThat(links.inspect(token(newest)).status()).isEqualTo(OnboardingLinks.Status.VALID);
        }
    }

    @OnBothDatabases
    void sessionsStartRotateTimeOutAndEnd(NamedDatabase named) {
        try (Database db = named.open().get()) {
            Sessions sessions = new Sessions(db.jdbi(), tokens, clock, Duration.ofMinutes(30), Duration.ofHours(8));
            Sessions.Started started = sessions.start("link:bob", Role.EMPLOYEE, user("bob"));
            sessions.setFlash(started.session(), "enroll.cancelled");

            Sessions.Started rotated = sessions.rotate(started.cookieValue()).orElseThrow();

            assertThat(sessions.find(started.cookieValue())).isEmpty();
            assertThat(sessions.find(rotated.cookieValue())).get()
                    .satisfies(s -> assertThat(s.user()).isEqualTo(user("bob")))
                    .satisfies(s -> assertThat(sessions.takeFlash(s)).contains("enroll.cancelled"));
            clock.advance(Duration.ofMinutes(31));
            assertThat(sessions.find(rotated.cookieValue())).isEmpty();
            assertThat(sessions.purgeExpired()).isZero(); // find() already removed the timed-out session
        }
    }

    @OnBothDatabases
    void enrollmentTransitionsAreConditionalAndACodeStepIsReservedOnce(NamedDatabase named) throws Exception {
        try (Database db = named.open().get()) {
            EnrollmentStore store = new EnrollmentStore(db.jdbi(), clock);
            store.insertStarted("e1", user("carol"), "session-key", clock.instant().plus(Duration.ofMinutes(15)));
            store.markDeviceCreated("e1", "carol-x", "arn:aws:iam::123456789012:mfa/carol-x", "sealed");

            List<Object> reservations = Concurrently.outcomes(8, () -> store.claimSteps("e1", 100, 101));

            assertThat(reservations).filteredOn(Boolean.TRUE::equals).hasSize(1);
            assertThat(store.claimSteps("e1", 101, 102)).as("overlapping pair").isFalse();
            assertThat(store.claimSteps("e1", 102, 103)).isTrue();
            assertThat(store.recordFailure("e1", "wrong_order")).isEqualTo(1);
            assertThat(store.finish("e1", EnrollmentState.STARTED, EnrollmentState.CANCELLED, null)).isFalse();
            assertThat(store.finish("e1", EnrollmentState.DEVICE_CREATED, EnrollmentState.ENABLED, null)).isTrue();
            Enrollment done = store.find("e1").orElseThrow();
            assertThat(done.state()).isEqualTo(EnrollmentState.ENABLED);
            assertThat(done.seedCiphertext()).as("seed wiped").isNull();
            assertThat(store.findActive(user("carol"))).isEmpty();
        }
    }

    @OnBothDatabases
    void theDeviceLedgerListsOnlyUnfinishedDevicesPastTheCutoff(NamedDatabase named) {
        try (Database db = named.open().get()) {
            CreatedDeviceStore ledger = new CreatedDeviceStore(db.jdbi(), clock);
            ledger.recordIntent("a-1", "arn:aws:iam::1:mfa/a-1", user("a"), "e1");
            ledger.recordIntent("a-2", "arn:aws:iam::1:mfa/a-2", user("a"), "e2");
            ledger.setStatus(user("a").account(), "a-2", "arn:aws:iam::1:mfa/a-2", CreatedDeviceStore.Status.ENABLED);
            clock.advance(Duration.ofMinutes(20));

            var leftovers = ledger.unfinishedBefore(clock.instant().minus(Duration.ofMinutes(15)));

            assertThat(leftovers).extracting(CreatedDeviceStore.CreatedDevice::deviceName).containsExactly("a-1");
            assertThat(ledger.isOurs(user("a").account(), "a-2")).isTrue();
            assertThat(ledger.isOurs(user("a").account(), "someone-elses")).isFalse();
            assertThat(ledger.isOurs(new AccountId("234567890123"), "a-2"))
                    .as("the same name in another account is not the app's device").isFalse();
        }
    }

    @OnBothDatabases
    void theAuditLogAppendsAndReadsNewestFirst(NamedDatabase named) {
        try (Database db = named.open().get()) {
            AuditLog audit = new AuditLog(db.jdbi(), clock);
            audit.recordOnUser("alice", user("alice"), AuditAction.DEVICE_CREATED, AuditEntry.Outcome.SUCCESS, "d1");
            clock.advance(Duration.ofSeconds(1));
            audit.recordOnUser("alice", user("alice"), AuditAction.DEVICE_ENABLED, AuditEntry.Outcome.SUCCESS, "d1", "R-TEST0001");

            List<AuditEntry> entries = audit.forUser(user("alice"), 10);

            assertThat(entries).extracting(AuditEntry::action)
                    .containsExactly(AuditAction.DEVICE_ENABLED, AuditAction.DEVICE_CREATED);
            assertThat(entries.get(0).reference()).isEqualTo("R-TEST0001");
            assertThat(db.reachable()).isTrue();
        }
    }
}
