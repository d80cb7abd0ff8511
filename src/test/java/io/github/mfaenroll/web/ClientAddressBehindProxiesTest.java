package io.github.mfaenroll.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;

/**
 * Which client address the real app believes behind trusted proxies: every {@code X-Forwarded-For} line counts (a
 * proxy such as HAProxy appends a line of its own after the client's), the entry {@code MFA_TRUSTED_PROXY_HOPS} from
 * the right is taken, and anything that is not an IP literal there, or a list too short to have passed through that
 * many proxies, leaves the socket peer. Seen where it matters: the per-address limit and the audit trail. The
 * requests are written on a raw socket so that each header line arrives as sent.
 */
class ClientAddressBehindProxiesTest {

    private static final String WRONG_PASSWORD = Secrets.register("a password that opens nothing here");
    private static final String REAL = "203.0.113.9";
    private static final String SOCKET_PEER = "127.0.0.1";

    /** A failing local sign-in (an unknown name, so no account lockout interferes) with these header lines. */
    private static RawHttp.Response failingSignIn(TestAppExtension app, int attempt, String... forwardedForLines) {
        Browser browser = app.browser();
        browser.get("/signin");
        List<String> headers = new ArrayList<>(List.of("Content-Type: application/x-www-form-urlencoded",
                "Cookie: mfa_csrf=" + browser.cookie("mfa_csrf")));
        Stream.of(forwardedForLines).map(line -> "X-Forwarded-For: " + line).forEach(headers::add);
        String form = "csrf=" + browser.csrf() + "&name=nobody-" + attempt + "&password="
                + WRONG_PASSWORD.replace(' ', '+');

        return RawHttp.send(app.baseUrl(), "POST", "/signin", headers, form);
    }

    /** The address the audit trail recorded for the latest failed sign-in ("...; from ADDRESS"). */
    private static String auditedAddress(TestAppExtension app) {
        AuditEntry latest = app.components().audit().latest(1).get(0);
        assertThat(latest.action()).isEqualTo(AuditAction.SIGN_IN_FAILED);
        return latest.detail().substring(latest.detail().lastIndexOf("from ") + "from ".length());
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class BehindOneProxy {

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.withEnv(
                Map.of("MFA_TRUST_PROXY", "true", "MFA_ADDRESS_MAX_REQUESTS", "3"));

        @BeforeEach
        void startANewRateLimitWindow() {
            app.clock().advance(Duration.ofMinutes(11));
        }

        @Test
        void aForgedFirstLineNeitherEscapesTheLimitNorReachesTheAuditTrail() {
            List<Integer> statuses = new ArrayList<>();
            List<String> audited = new ArrayList<>();

            for (int attempt = 1; attempt <= 4; attempt++) {
                statuses.add(failingSignIn(app, attempt, "198.51.100." + attempt, REAL).status());
                if (attempt <= 3) {
                    audited.add(auditedAddress(app));
                }
            }

            assertThat(statuses).containsExactly(401, 401, 401, 429);
            assertThat(audited).containsOnly(REAL);
            List<String> trail = app.components().audit().latest(20).stream().map(AuditEntry::detail).toList();
            assertThat(trail).noneMatch(detail -> detail.contains("198.51.100."));
            assertThat(trail).anyMatch(detail -> detail.startsWith("address " + REAL + ": more than 3"));
        }

        @Test
        void theLastEntryOfOneLineIsTakenAsBefore() {
            failingSignIn(app, 10, "198.51.100.10, " + REAL);

            assertThat(auditedAddress(app)).isEqualTo(REAL);
        }

        @Test
        void aPortAndBracketsAreDroppedSoEveryConnectionOfOneClientCountsAlike() {
            failingSignIn(app, 11, "198.51.100.11", REAL + ":51234");
            String ipv4 = auditedAddress(app);
            failingSignIn(app, 12, "[2001:db8::7]:443");
            String ipv6 = auditedAddress(app);

            assertThat(ipv4).isEqualTo(REAL);
            assertThat(ipv6).isEqualTo("2001:db8::7");
        }

        @Test
        void somethingOtherThanAnIpAddressInTheLastEntryLeavesTheSocketPeer() {
            List<String> audited = new ArrayList<>();

            for (String last : List.of("unknown", "proxy.example.com", "203.0.113.256", "127.1", "010.0.0.1",
                    "fe80::1%eth0", "_hidden")) {
                failingSignIn(app, 20 + audited.size(), REAL, last);
                audited.add(auditedAddress(app));
                app.clock().advance(Duration.ofMinutes(11)); // all of them count against the socket peer
            }

            assertThat(audited).containsOnly(SOCKET_PEER);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class BehindTwoProxies {

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.withEnv(
                Map.of("MFA_TRUST_PROXY", "true", "MFA_TRUSTED_PROXY_HOPS", "2"));

        @Test
        void theSecondEntryFromTheRightIsTheClientTheOuterProxySaw() {
            failingSignIn(app, 1, "198.51.100.1", REAL + ", 10.0.0.2");

            assertThat(auditedAddress(app)).isEqualTo(REAL);
        }

        @Test
        void aListShorterThanTheProxiesConfiguredLeavesTheSocketPeer() {
            failingSignIn(app, 2, REAL);
            String oneEntry = auditedAddress(app);
            failingSignIn(app, 3);
            String noHeader = auditedAddress(app);

            assertThat(oneEntry).isEqualTo(SOCKET_PEER);
            assertThat(noHeader).isEqualTo(SOCKET_PEER);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithoutATrustedProxy {

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.demo();

        @Test
        void theHeaderIsIgnored() {
            failingSignIn(app, 1, "198.51.100.1", REAL);

            assertThat(auditedAddress(app)).isEqualTo(SOCKET_PEER);
        }
    }
}
