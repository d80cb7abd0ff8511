package io.github.mfaenroll.staff;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.store.Database;
import io.github.mfaenroll.testing.Concurrently;
import io.github.mfaenroll.testing.Databases.NamedDatabase;
import io.github.mfaenroll.testing.MutableClock;
import io.github.mfaenroll.testing.OnBothDatabases;
import io.github.mfaenroll.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The company staff store (V10, V12) on H2 and PostgreSQL: simultaneous first sign-ins of one principal, the binding
 * to the provider's subject, the administrator check ignoring case, and setup links that are single use under
 * concurrent claims. Real threads on real connections.
 */
class CompanyStaffStoreOnBothDatabasesTest {

    private static final String ISSUER = "https://idp.example.com/corp";

    private final MutableClock clock = new MutableClock(TestApp.START);

    @OnBothDatabases
    void simultaneousFirstSignInsOfOnePrincipalAllSucceed(NamedDatabase named) throws Exception {
        try (Database db = named.open().get()) {
            OidcStaffStore store = new OidcStaffStore(db.jdbi());

            List<Object> results = Concurrently.outcomes(8,
                    () -> store.remember("oidc:kim", Role.HELPDESK, null, ISSUER, "sub-kim", clock.instant()));

            assertThat(results).containsOnly(true);
            assertThat(store.find("oidc:kim")).isPresent();
        }
    }

    @OnBothDatabases
    void aPrincipalStaysBoundToItsSubject(NamedDatabase named) {
        try (Database db = named.open().get()) {
            OidcStaffStore store = new OidcStaffStore(db.jdbi());
            Instant now = clock.instant();

            boolean first = store.remember("oidc:kim", Role.HELPDESK, "kim", ISSUER, "sub-kim", now);
            boolean renamed = store.remember("oidc:kim", Role.ADMIN, "eve", ISSUER, "sub-eve", now);
            boolean otherIssuer = store.remember("oidc:kim", Role.ADMIN, "kim", "https://other.example", "sub-kim", now);
            boolean again = store.remember("oidc:kim", Role.HELPDESK, "kim", ISSUER, "sub-kim", now);

            assertThat(first).isTrue();
            assertThat(renamed).isFalse();
            assertThat(otherIssuer).isFalse();
            assertThat(again).isTrue();
            assertThat(store.find("oidc:kim")).get().extracting(OidcStaffStore.Member::role,
                    OidcStaffStore.Member::iamUser).containsExactly(Role.HELPDESK, "kim");
        }
    }

    @OnBothDatabases
    void theAdministratorCheckIgnoresCase(NamedDatabase named) {
        try (Database db = named.open().get()) {
            OidcStaffStore store = new OidcStaffStore(db.jdbi());
            store.remember("oidc:Ada", Role.ADMIN, null, ISSUER, "sub-ada", clock.instant());

            assertThat(store.isAdministrator("oidc:Ada")).isTrue();
            assertThat(store.isAdministrator("oidc:ada")).isTrue();
            assertThat(store.isAdministrator("OIDC:ADA")).isTrue();
            assertThat(store.isAdministrator("oidc:bob")).isFalse();
        }
    }

    @OnBothDatabases
    void aSetupLinkIsClaimedOnceRevokedByANewerOneAndExpires(NamedDatabase named) throws Exception {
        try (Database db = named.open().get()) {
            OidcStaffStore store = new OidcStaffStore(db.jdbi());
            Instant now = clock.instant();
            Instant expires = now.plus(Duration.ofHours(72));
            store.remember("oidc:kim", Role.HELPDESK, null, ISSUER, "sub-kim", now);
            store.replaceSetupLink("a".repeat(64), "oidc:kim", "test", now, expires);
            int revoked = store.replaceSetupLink("b".repeat(64), "oidc:kim", "test", now, expires);
            List<String> pendings = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String idHash = String.format("%064d", i);
                pendings.add(idHash);
                store.insertPending(new OidcStaffStore.Pending(idHash, "oidc:kim", Role.HELPDESK, null, null),
                        now, now.plus(Duration.ofMinutes(5)));
            }
            var next = new java.util.concurrent.atomic.AtomicInteger();

            List<Object> claims = Concurrently.outcomes(8, () -> {
                int i = next.getAndIncrement();
                return store.claimSetupLink("b".repeat(64), pendings.get(i), new OidcStaffStore.Pending(
                        String.format("%064d", 100 + i), "oidc:kim", Role.HELPDESK, null, "key"), now,
                        now.plus(Duration.ofMinutes(5)));
            });

            assertThat(revoked).isEqualTo(1);
            assertThat(store.findUsableSetupLink("a".repeat(64), now)).isEmpty();
            assertThat(claims).containsOnly(true, false).filteredOn(Boolean.TRUE::equals).hasSize(1);
            assertThat(store.findUsableSetupLink("b".repeat(64), now)).isEmpty();
            store.replaceSetupLink("c".repeat(64), "oidc:kim", "test", now, expires);
            assertThat(store.findUsableSetupLink("c".repeat(64), now)).get()
                    .extracting(OidcStaffStore.SetupLink::owner).isEqualTo("oidc:kim");
            assertThat(store.findUsableSetupLink("c".repeat(64), expires)).isEmpty();
        }
    }
}
