package io.github.mfaenroll.store;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.limits.AddressLimits.Scope;
import io.github.mfaenroll.limits.AddressLimits;
import io.github.mfaenroll.limits.UserLockouts;
import io.github.mfaenroll.testing.Concurrently;
import io.github.mfaenroll.testing.Databases.NamedDatabase;
import io.github.mfaenroll.testing.MutableClock;
import io.github.mfaenroll.testing.OnBothDatabases;
import io.github.mfaenroll.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The V8 limits (failures per user and lockouts, requests per address) on H2 and on a real PostgreSQL. */
class LimitsStoresTest {


    private final MutableClock clock = new MutableClock(TestApp.START);
    /** Lockout notices handed to the mail queue (not sent: mail has its own tests). */
    private final AtomicInteger queuedMails = new AtomicInteger();

    private UserLockouts lockouts(Database db, AuditLog audit) {
        // Nothing is sent: the notice only counts.
        return new UserLockouts(db.jdbi(), audit, (user, at, until) -> queuedMails.incrementAndGet(), clock, 100,
                Duration.ofHours(24));
    }

    private static long audited(AuditLog audit, AuditAction action) {
        return audit.latest(1000).stream().filter(e -> e.action() == action).count();
    }

    @OnBothDatabases
    void concurrentFailuresAtTheLimitLockOnceWithOneAuditEntryAndOneMail(NamedDatabase named) throws Exception {
        try (Database db = named.open().get()) {
            AuditLog audit = new AuditLog(db.jdbi(), clock);
            UserLockouts lockouts = lockouts(db, audit);
            for (int i = 0; i < 99; i++) {
                assertThat(lockouts.recordFailure(user("alice"), "a test failure")).isFalse();
            }

            List<Boolean> locked = Concurrently.results(8, () -> lockouts.recordFailure(user("alice"), "a test failure"));

            assertThat(locked).containsOnly(true);
            assertThat(lockouts.active(user("alice"))).hasValueSatisfying(lockout -> {
                assertThat(lockout.lockedAt()).isEqualTo(TestApp.START);
                assertThat(lockout.lockedUntil()).isEqualTo(TestApp.START.plus(Duration.ofHours(24)));
            });
            assertThat(audited(audit, AuditAction.USER_LOCKED_OUT)).isEqualTo(1);
            assertThat(queuedMails).hasValue(1);
        }
    }

    @OnBothDatabases
    void liftingEndsTheLockoutOnceAndTheCountStartsAgain(NamedDatabase named) {
        try (Database db = named.open().get()) {
            AuditLog audit = new AuditLog(db.jdbi(), clock);
            UserLockouts lockouts = lockouts(db, audit);
            for (int i = 0; i < 100; i++) {
                lockouts.recordFailure(user("alice"), "a test failure");
            }

            boolean lifted = lockouts.lift(user("alice"), "helpdesk:hanna");
            boolean liftedAgain = lockouts.lift(user("alice"), "helpdesk:hanna");
            boolean lockedByOneMore = lockouts.recordFailure(user("alice"), "a test failure");
            for (int i = 0; i < 99; i++) {
                lockouts.recordFailure(user("alice"), "a test failure");
            }

            assertThat(lifted).isTrue();
            assertThat(liftedAgain).isFalse();
            assertThat(lockedByOneMore).isFalse();
            assertThat(lockouts.active(user("alice"))).as("100 new failures lock again").isPresent();
            assertThat(audited(audit, AuditAction.USER_LOCKED_OUT)).isEqualTo(2);
            assertThat(audited(audit, AuditAction.LOCKOUT_LIFTED)).isEqualTo(1);
        }
    }

    @OnBothDatabases
    void concurrentRequestsFromOneAddressLetExactlyTheLimitThroughAndAuditOnce(NamedDatabase named)
            throws Exception {
        try (Database db = named.open().get()) {
            AuditLog audit = new AuditLog(db.jdbi(), clock);
            AddressLimits limits = new AddressLimits(db.jdbi(), audit, clock, 5, Duration.ofMinutes(10));

            List<AddressLimits.Attempt> attempts =
                    Concurrently.results(8, () -> limits.count(Scope.LINK_CLAIM, "192.0.2.1"));
            AddressLimits.Attempt otherKind = limits.count(Scope.SIGN_IN, "192.0.2.1");
            AddressLimits.Attempt otherAddress = limits.count(Scope.LINK_CLAIM, "192.0.2.2");

            assertThat(attempts).filteredOn(AddressLimits.Attempt::allowed).hasSize(5);
            assertThat(attempts).filteredOn(AddressLimits.Attempt::firstRefusal).hasSize(1);
            assertThat(otherKind.allowed()).isTrue();
            assertThat(otherAddress.allowed()).isTrue();
            assertThat(limits.throttled()).singleElement().satisfies(t -> {
                assertThat(t.scope()).isEqualTo(Scope.LINK_CLAIM);
                assertThat(t.clientAddress()).isEqualTo("192.0.2.1");
                assertThat(t.until()).isEqualTo(TestApp.START.plus(Duration.ofMinutes(10)));
            });
            assertThat(audited(audit, AuditAction.ADDRESS_THROTTLED)).isEqualTo(1);
        }
    }

    @OnBothDatabases
    void aLiftedOrExpiredAddressStartsAFreshCount(NamedDatabase named) {
        try (Database db = named.open().get()) {
            AuditLog audit = new AuditLog(db.jdbi(), clock);
            AddressLimits limits = new AddressLimits(db.jdbi(), audit, clock, 2, Duration.ofMinutes(10));
            for (int i = 0; i < 3; i++) {
                limits.count(Scope.OIDC_START, "2001:db8::1");
            }

            boolean lifted = limits.lift(Scope.OIDC_START, "2001:DB8::1", "helpdesk:hanna");
            boolean afterLift = limits.count(Scope.OIDC_START, "2001:db8::1").allowed();
            limits.count(Scope.OIDC_START, "2001:db8::1");
            boolean overAgain = limits.count(Scope.OIDC_START, "2001:db8::1").allowed();
            clock.advance(Duration.ofMinutes(10));
            boolean nextWindow = limits.count(Scope.OIDC_START, "2001:db8::1").allowed();

            assertThat(lifted).isTrue();
            assertThat(afterLift).isTrue();
            assertThat(overAgain).isFalse();
            assertThat(nextWindow).isTrue();
            assertThat(limits.throttled()).isEmpty();
            assertThat(audited(audit, AuditAction.ADDRESS_THROTTLE_LIFTED)).isEqualTo(1);
            assertThat(audited(audit, AuditAction.ADDRESS_THROTTLED)).isEqualTo(2);
        }
    }
}
