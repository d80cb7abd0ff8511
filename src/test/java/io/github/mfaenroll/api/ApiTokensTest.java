package io.github.mfaenroll.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.identity.ApiCaller;
import io.github.mfaenroll.identity.ApiScope;
import io.github.mfaenroll.identity.SecretTokens;
import io.github.mfaenroll.store.Database;
import io.github.mfaenroll.testing.Databases.NamedDatabase;
import io.github.mfaenroll.testing.MutableClock;
import io.github.mfaenroll.testing.OnBothDatabases;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The V18 token store on H2 and on a real PostgreSQL, and the parsing of what the command line gives it. */
class ApiTokensTest {

    private final MutableClock clock = new MutableClock(TestApp.START);

    private ApiTokens tokens(Database db) {
        return new ApiTokens(db.jdbi(), new SecretTokens(new SecureRandom()), new AuditLog(db.jdbi(), clock), clock);
    }

    @OnBothDatabases
    void aTokenIsShownOnceKeptOnlyAsItsHashAndAuthenticatesWithItsScopes(NamedDatabase named) {
        try (Database db = named.open().get()) {
            ApiTokens tokens = tokens(db);

            ApiTokens.IssuedToken issued = tokens.create("ci-onboarding", Set.of(ApiScope.LINKS_WRITE,
                    ApiScope.USERS_READ), Duration.ofDays(90), "cli:ops");
            Secrets.register(issued.token());

            assertThat(issued.token()).startsWith(ApiTokens.PREFIX).hasSize(ApiTokens.PREFIX.length() + 43);
            assertThat(issued.toString()).doesNotContain(issued.token());
            String stored = db.jdbi().withHandle(h -> h.createQuery("SELECT name || ' ' || token_hash || ' ' || scopes "
                    + "FROM api_tokens").mapTo(String.class).one());
            assertThat(stored).doesNotContain(issued.token().substring(ApiTokens.PREFIX.length()))
                    .contains(SecretTokens.sha256(issued.token())).contains("links:write,users:read");
            assertThat(tokens.authenticate(issued.token())).contains(new ApiCaller("ci-onboarding",
                    Set.of(ApiScope.LINKS_WRITE, ApiScope.USERS_READ)));
            assertThat(tokens.find("ci-onboarding")).hasValueSatisfying(t -> {
                assertThat(t.expiresAt()).isEqualTo(TestApp.START.plus(Duration.ofDays(90)));
                assertThat(t.lastUsedAt()).isEqualTo(TestApp.START);
                assertThat(t.createdBy()).isEqualTo("cli:ops");
                assertThat(t.state(clock.instant())).isEqualTo(ApiToken.State.ACTIVE);
            });
            assertThat(new AuditLog(db.jdbi(), clock).forStaff("api:ci-onboarding", 10))
                    .extracting(e -> e.action()).containsExactly(AuditAction.API_TOKEN_CREATED);
        }
    }

    @OnBothDatabases
    void expiredAndRevokedTokensNoLongerAuthenticateAndNamesAreNeverReused(NamedDatabase named) {
        try (Database db = named.open().get()) {
            ApiTokens tokens = tokens(db);
            String expiring = Secrets.register(tokens.create("short", Set.of(ApiScope.USERS_READ),
                    Duration.ofHours(1), "cli:ops").token());
            String revoked = Secrets.register(tokens.create("gone", Set.of(ApiScope.USERS_READ), null, "cli:ops")
                    .token());

            ApiTokens.Revocation first = tokens.revoke("gone", "cli:ops");
            ApiTokens.Revocation second = tokens.revoke("gone", "cli:ops");
            clock.advance(Duration.ofHours(1));

            assertThat(first.revokedNow()).isTrue();
            assertThat(second.revokedNow()).isFalse();
            assertThat(tokens.authenticate(revoked)).isEmpty();
            assertThat(tokens.authenticate(expiring)).isEmpty();
            assertThat(tokens.list()).extracting(t -> t.name() + " " + t.state(clock.instant()).label())
                    .containsExactlyInAnyOrder("short expired", "gone revoked");
            assertThatThrownBy(() -> tokens.create("gone", Set.of(ApiScope.USERS_READ), null, "cli:ops"))
                    .isInstanceOfSatisfying(TokenRefused.class,
                            e -> assertThat(e.kind()).isEqualTo(TokenRefused.Kind.DUPLICATE_NAME));
            assertThatThrownBy(() -> tokens.revoke("never-made", "cli:ops"))
                    .isInstanceOfSatisfying(TokenRefused.class,
                            e -> assertThat(e.kind()).isEqualTo(TokenRefused.Kind.UNKNOWN_TOKEN));
            assertThat(new AuditLog(db.jdbi(), clock).forStaff("api:gone", 10)).extracting(e -> e.action())
                    .containsExactly(AuditAction.API_TOKEN_REVOKED, AuditAction.API_TOKEN_CREATED);
        }
    }

    @Test
    void scopesAreTheClosedSetByWireName() {
        assertThat(ApiTokens.parseScopes("users:read, links:write,,")).isEqualTo(EnumSet.of(ApiScope.USERS_READ,
                ApiScope.LINKS_WRITE));
        assertThat(ApiTokens.parseScopes("compliance:read,devices:write")).isEqualTo(EnumSet.of(
                ApiScope.COMPLIANCE_READ, ApiScope.DEVICES_WRITE));
        assertThatThrownBy(() -> ApiTokens.parseScopes("users:write"))
                .isInstanceOf(TokenRefused.class).hasMessageContaining("users:write")
                .hasMessageContaining("links:write, users:read, compliance:read, devices:write");
    }

    @ParameterizedTest
    @ValueSource(strings = {"90 days", "P3M", "P1Y", "-P1D", "PT0S", ""})
    void anExpiryThatIsNoPositiveDurationIsRefused(String text) {
        assertThatThrownBy(() -> ApiTokens.parseExpiry(text)).isInstanceOf(TokenRefused.class)
                .hasMessageContaining("P90D");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT2562047788015215H", "P100000000D", "P3651D"})
    void anExpiryBeyondTenYearsIsRefusedWithTheLimit(String text) {
        assertThatThrownBy(() -> ApiTokens.parseExpiry(text)).isInstanceOf(TokenRefused.class)
                .hasMessageContaining("P3650D");
    }

    @Test
    void anExpiryOfTenYearsIsStillAccepted() {
        assertThat(ApiTokens.parseExpiry("P3650D")).isEqualTo(Duration.ofDays(3650));
    }

    @Test
    void anExpiryInDaysOrHoursIsADuration() {
        assertThat(ApiTokens.parseExpiry("P90D")).isEqualTo(Duration.ofDays(90));
        assertThat(ApiTokens.parseExpiry("PT12H")).isEqualTo(Duration.ofHours(12));
    }
}
