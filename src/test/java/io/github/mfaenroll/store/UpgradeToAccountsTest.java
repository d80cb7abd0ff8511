package io.github.mfaenroll.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.enforcement.DeadlineStore;
import io.github.mfaenroll.enrollment.EnrollmentState;
import io.github.mfaenroll.enrollment.EnrollmentStore;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.identity.SecretTokens;
import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.limits.UserLockouts;
import io.github.mfaenroll.onboarding.OnboardingLinks;
import io.github.mfaenroll.store.MigrationsTest.EmptyDatabase;
import io.github.mfaenroll.testing.TestApp;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A database written by the app before it knew accounts (schema version 14) is upgraded in place: every row about an
 * IAM user lands in the app's own account, which the upgrade asks for once, and the app then finds each of them under
 * (account, name). Rows about staff stay without an account. On H2 and on PostgreSQL.
 */
class UpgradeToAccountsTest {

    private static final String OWN_ACCOUNT = "210987654321";
    private static final Instant NOW = TestApp.START;
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final SecretTokens tokens = new SecretTokens(new SecureRandom());

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.mfaenroll.store.MigrationsTest#emptyDatabases")
    void everyRowAboutAUserMovesIntoTheOwnAccount(EmptyDatabase db) {
        Flyway.configure().dataSource(db.url(), db.user(), null).locations("classpath:db/migration").target("14")
                .load().migrate();
        String linkToken = tokens.newToken();
        String employeeCookie = tokens.newToken();
        String staffCookie = tokens.newToken();
        writeRowsAsVersion14Did(Jdbi.create(db.url(), db.user(), ""), linkToken, employeeCookie, staffCookie);
        AtomicInteger asked = new AtomicInteger();

        try (Database upgraded = Database.open(db.url(), db.user(), null, () -> {
            asked.incrementAndGet();
            return OWN_ACCOUNT;
        })) {
            Jdbi jdbi = upgraded.jdbi();
            AuditLog audit = new AuditLog(jdbi, clock);
            Sessions sessions = new Sessions(jdbi, tokens, clock, Duration.ofMinutes(30), Duration.ofHours(8));
            OnboardingLinks links = new OnboardingLinks(jdbi, tokens, audit, clock, Duration.ofHours(72),
                    URI.create("http://localhost:8080"));
            UserLockouts lockouts = new UserLockouts(jdbi, audit, (user, at, until) -> { }, clock, 100,
                    Duration.ofMinutes(15));

            assertThat(asked).as("the own account is asked for once").hasValue(1);
            assertThat(links.inspect(linkToken).user()).isEqualTo(own("alice"));
            assertThat(links.inspect(linkToken).status()).isEqualTo(OnboardingLinks.Status.VALID);
            assertThat(sessions.find(employeeCookie)).get().satisfies(s -> {
                assertThat(s.user()).isEqualTo(own("bob"));
                assertThat(s.boundUsers()).containsExactly(own("bob"));
            });
            assertThat(sessions.find(staffCookie)).get().satisfies(s -> assertThat(s.user()).isNull());
            assertThat(new EnrollmentStore(jdbi, clock).findActive(own("carol"))).get()
                    .satisfies(e -> assertThat(e.state()).isEqualTo(EnrollmentState.DEVICE_CREATED));
            assertThat(new DeadlineStore(jdbi, clock).find(own("dave"))).get()
                    .satisfies(d -> assertThat(d.enrollBy()).isEqualTo(LocalDate.parse("2027-01-15")));
            assertThat(lockouts.active(own("erin"))).isPresent();
            assertThat(audit.forUser(own("alice"), 10)).extracting(AuditEntry::action)
                    .containsExactly(AuditAction.LINK_ISSUED);
            assertThat(audit.latest(10)).filteredOn(e -> e.action() == AuditAction.HELPDESK_ACCOUNT_CREATED)
                    .singleElement().satisfies(e -> assertThat(e.account()).isNull());
            int ownDevices = jdbi.withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM created_devices WHERE account_id = :a").bind("a", OWN_ACCOUNT)
                    .mapTo(Integer.class).one());
            assertThat(ownDevices).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.mfaenroll.store.MigrationsTest#emptyDatabases")
    void aNewDatabaseNeedsNoAccountAndNoAwsCall(EmptyDatabase db) {
        try (Database created = Database.open(db.url(), db.user(), null, () -> {
            throw new AssertionError("a new database must not ask AWS for the account");
        })) {

            assertThat(created.reachable()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.mfaenroll.store.MigrationsTest#emptyDatabases")
    void anUpgradeThatCannotLearnTheAccountChangesNothing(EmptyDatabase db) {
        Flyway.configure().dataSource(db.url(), db.user(), null).locations("classpath:db/migration").target("14")
                .load().migrate();
        writeRowsAsVersion14Did(Jdbi.create(db.url(), db.user(), ""), tokens.newToken(), tokens.newToken(),
                tokens.newToken());

        assertThatThrownBy(() -> Database.open(db.url(), db.user(), null))
                .hasStackTraceContaining("own AWS account id is needed");

        // Version 15 added the columns, 15.1 failed in its transaction: the next start (with AWS reachable) finishes.
        try (Database upgraded = Database.open(db.url(), db.user(), null, () -> OWN_ACCOUNT)) {
            int withoutAccount = upgraded.jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM link_tokens WHERE account_id = ''").mapTo(Integer.class).one());
            assertThat(withoutAccount).isZero();
        }
    }

    private static AccountUser own(String name) {
        return AccountUser.of(OWN_ACCOUNT, name);
    }

    /** The rows version 14 of the app wrote, in its own words (its columns, no account anywhere). */
    private void writeRowsAsVersion14Did(Jdbi jdbi, String linkToken, String employeeCookie, String staffCookie) {
        Instant later = NOW.plus(Duration.ofHours(1));
        jdbi.useHandle(h -> {
            h.createUpdate("""
                            INSERT INTO link_tokens (id, token_hash, iam_user, issued_by, created_at, expires_at)
                            VALUES ('00000000-0000-0000-0000-000000000001', :hash, 'alice', 'helpdesk:hanna', :now,
                                    :later)""")
                    .bind("hash", SecretTokens.sha256(linkToken)).bind("now", NOW).bind("later", later).execute();
            h.createUpdate("""
                            INSERT INTO sessions (id_hash, session_key, csrf_token, principal, role, iam_user, created_at,
                                                  last_seen_at, expires_at)
                            VALUES (:hash, 'key-bob', 'csrf', 'link:bob', 'EMPLOYEE', 'bob', :now, :now, :later)""")
                    .bind("hash", SecretTokens.sha256(employeeCookie)).bind("now", NOW).bind("later", later).execute();
            h.createUpdate("""
                            INSERT INTO sessions (id_hash, session_key, csrf_token, principal, role, created_at,
                                                  last_seen_at, expires_at)
                            VALUES (:hash, 'key-hanna', 'csrf', 'helpdesk:hanna', 'HELPDESK', :now, :now, :later)""")
                    .bind("hash", SecretTokens.sha256(staffCookie)).bind("now", NOW).bind("later", later).execute();
            h.createUpdate("""
                            INSERT INTO enrollments (id, iam_user, session_key, state, device_name, serial_number,
                                                     seed_ciphertext, created_at, updated_at, expires_at)
                            VALUES ('e-carol', 'carol', 'key-carol', 'DEVICE_CREATED', 'carol-abc12',
                                    'arn:aws:iam::210987654321:mfa/carol-abc12', 'sealed', :now, :now, :later)""")
                    .bind("now", NOW).bind("later", later).execute();
            h.execute("INSERT INTO active_enrollments (iam_user, enrollment_id) VALUES ('carol', 'e-carol')");
            h.createUpdate("""
                            INSERT INTO created_devices (device_name, serial_number, iam_user, enrollment_id, status,
                                                         created_at, updated_at)
                            VALUES ('carol-abc12', 'arn:aws:iam::210987654321:mfa/carol-abc12', 'carol', 'e-carol',
                                    'CREATED', :now, :now)""")
                    .bind("now", NOW).execute();
            h.createUpdate("""
                            INSERT INTO enrollment_deadlines (iam_user, enroll_by, set_by, set_at)
                            VALUES ('dave', DATE '2027-01-15', 'helpdesk:hanna', :now)""")
                    .bind("now", NOW).execute();
            h.createUpdate("""
                            INSERT INTO user_lockouts (iam_user, locked_at, locked_until, reason)
                            VALUES ('erin', :now, :later, '100 failed verifications within an hour')""")
                    .bind("now", NOW).bind("later", later).execute();
            h.createUpdate("INSERT INTO verification_failures (iam_user, failed_at) VALUES ('frank', :now)")
                    .bind("now", NOW).execute();
            h.createUpdate("""
                            INSERT INTO audit_log (occurred_at, actor, subject, action, outcome, detail)
                            VALUES (:now, 'helpdesk:hanna', 'alice', 'LINK_ISSUED', 'SUCCESS', 'link 1')""")
                    .bind("now", NOW).execute();
            h.createUpdate("""
                            INSERT INTO audit_log (occurred_at, actor, subject, action, outcome, detail)
                            VALUES (:now, 'cli:root', 'helpdesk:hanna', 'HELPDESK_ACCOUNT_CREATED', 'SUCCESS',
                                    'role HELPDESK')""")
                    .bind("now", NOW).execute();
        });
    }
}
