package io.github.mfaenroll.api;

import static io.github.mfaenroll.testing.ApiCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mfaenroll.app.RouteTable;
import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.iam.simulator.DemoAccount;
import io.github.mfaenroll.iam.simulator.DemoOrganization;
import io.github.mfaenroll.identity.ApiScope;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.limits.AddressLimits;
import io.github.mfaenroll.testing.ApiCalls;
import io.github.mfaenroll.testing.LogHygiene;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestAppExtension;
import io.github.mfaenroll.web.Access;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/users/{name}} over real HTTP through the real app (the demo organization: alice in demo-corp
 * and demo-dev, carol with a device in demo-corp): the token, its scope, its rate limit, the answers, the audit trail
 * and the logs.
 */
class ApiUsersTest {

    /** A small limit, so one test reaches it; every test uses tokens of its own, so their counts never meet. */
    private static final int MAX_CALLS = 5;

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(Map.of("MFA_API_MAX_REQUESTS",
            String.valueOf(MAX_CALLS), "MFA_API_WINDOW", "PT1M"));

    private static final AtomicInteger NEXT = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();

    /** A fresh token with these scopes, registered as a secret so no log line may hold it. */
    private static String token(ApiScope... scopes) {
        return issue(null, scopes).token();
    }

    private static ApiTokens.IssuedToken issue(Duration expiresIn, ApiScope... scopes) {
        ApiTokens.IssuedToken issued = app.components().apiTokens().create("test-" + NEXT.incrementAndGet(),
                Set.of(scopes), expiresIn, "test");
        Secrets.register(issued.token());
        return issued;
    }

    private HttpResponse<String> get(String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + pathAndQuery));
        headers.forEach(request::header);
        return ApiCalls.send(request.build());
    }

    private HttpResponse<String> getWith(String token, String pathAndQuery) {
        return get(pathAndQuery, Map.of("Authorization", "Bearer " + token));
    }


    /** The response is problem+json of this type and status. */
    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("type").asText()).isEqualTo("/api/problems/" + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
    }

    @Nested
    class AValidTokenWithTheScope {

        @Test
        void readsAUserOfOneAccountWithDevicesAndNoSeed() {
            String token = token(ApiScope.USERS_READ);

            HttpResponse<String> response = getWith(token, "/api/v1/users/carol");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/json"));
            assertThat(response.headers().firstValue("Set-Cookie")).as("no cookie from the API").isEmpty();
            JsonNode user = json(response);
            assertThat(user.path("user").asText()).isEqualTo("carol");
            assertThat(user.path("account").path("id").asText()).isEqualTo(DemoOrganization.MANAGEMENT_ID);
            assertThat(user.path("mfaActive").asBoolean()).isTrue();
            assertThat(user.path("devices")).hasSize(1);
            assertThat(user.path("devices").get(0).path("serial").asText()).endsWith(DemoAccount.CAROL_DEVICE_NAME);
            assertThat(user.path("devices").get(0).path("type").asText()).isEqualTo("VIRTUAL");
            assertThat(user.path("devices").get(0).path("enabledAt").asText()).isNotBlank();
            assertThat(response.body()).doesNotContainIgnoringCase("seed");
        }

        @Test
        void namesTheAccountForANameInSeveral() {
            String token = token(ApiScope.USERS_READ);

            HttpResponse<String> byAlias = getWith(token, "/api/v1/users/alice?account=" + DemoOrganization.DEV_ALIAS);
            HttpResponse<String> byId = getWith(token, "/api/v1/users/alice?account=" + DemoOrganization.MANAGEMENT_ID);

            assertThat(byAlias.statusCode()).as(byAlias.body()).isEqualTo(200);
            assertThat(json(byAlias).path("account").path("id").asText()).isEqualTo(DemoOrganization.DEV_ID);
            assertThat(json(byAlias).path("mfaActive").asBoolean()).isFalse();
            assertThat(byId.statusCode()).isEqualTo(200);
            assertThat(json(byId).path("account").path("alias").asText()).isEqualTo(DemoOrganization.MANAGEMENT_ALIAS);
        }

        @Test
        void isToldWhichAccountsHoldAnAmbiguousName() {
            HttpResponse<String> response = getWith(token(ApiScope.USERS_READ), "/api/v1/users/alice");

            assertProblem(response, 409, "ambiguous-user");
            assertThat(json(response).path("accounts").findValuesAsText("id"))
                    .containsExactlyInAnyOrder(DemoOrganization.MANAGEMENT_ID, DemoOrganization.DEV_ID);
        }

        @Test
        void getsNotFoundForAnUnknownUserOrAccount() {
            String token = token(ApiScope.USERS_READ);

            assertProblem(getWith(token, "/api/v1/users/nobody-here"), 404, "user-not-found");
            assertProblem(getWith(token, "/api/v1/users/carol?account=" + DemoOrganization.DEV_ID), 404,
                    "user-not-found");
            assertProblem(getWith(token, "/api/v1/users/carol?account=999999999999"), 404, "unknown-account");
            assertProblem(getWith(token, "/api/v1/nothing"), 404, "not-found");
            assertProblem(getWith(token, "/api/v1/users/" + "x".repeat(300) + "?account="
                    + DemoOrganization.PROD_ALIAS), 404, "user-not-found");
        }

        @Test
        void isAuditedWithTheTokensNameTheRouteAndTheStatus() {
            ApiTokens.IssuedToken issued = issue(null, ApiScope.USERS_READ);

            getWith(issued.token(), "/api/v1/users/carol");

            List<AuditEntry> entries = app.audited("carol", AuditAction.API_CALL);
            assertThat(entries).isNotEmpty();
            AuditEntry entry = entries.get(0);
            assertThat(entry.actor()).isEqualTo("api:" + issued.stored().name());
            assertThat(entry.outcome()).isEqualTo(AuditEntry.Outcome.SUCCESS);
            assertThat(entry.detail()).isEqualTo("GET " + Paths.API_USER + " -> 200");
            assertThat(app.components().audit().latest(200)).noneMatch(e -> String.valueOf(e.detail())
                    .contains(issued.token()) || e.actor().contains(issued.token()));
            assertThat(app.components().apiTokens().find(issued.stored().name()).orElseThrow().lastUsedAt())
                    .isNotNull();
        }

        @Test
        void isLimitedPerTokenWithRetryAfterUntilTheHelpdeskLiftsIt() {
            ApiTokens.IssuedToken issued = issue(null, ApiScope.USERS_READ);
            String token = issued.token();
            String other = token(ApiScope.USERS_READ);
            for (int i = 0; i < MAX_CALLS; i++) {
                assertThat(getWith(token, "/api/v1/users/carol").statusCode()).isEqualTo(200);
            }

            HttpResponse<String> over = getWith(token, "/api/v1/users/carol");

            assertProblem(over, 429, "too-many-requests");
            assertThat(over.headers().firstValue("Retry-After")).hasValueSatisfying(
                    v -> assertThat(Integer.parseInt(v)).isBetween(1, 61)); // the window, rounded up
            assertThat(getWith(other, "/api/v1/users/carol").statusCode()).as("another token's count").isEqualTo(200);
            assertThat(app.components().audit().latest(50)).anySatisfy(entry -> {
                assertThat(entry.action()).isEqualTo(AuditAction.ADDRESS_THROTTLED);
                assertThat(entry.actor()).isEqualTo("api:" + issued.stored().name());
            });
            assertThat(app.components().audit().latest(50)).as("calls over the limit are not audited one by one")
                    .noneMatch(entry -> entry.action() == AuditAction.API_CALL && entry.detail().endsWith("-> 429"));
            assertThat(app.components().addressLimits().lift(AddressLimits.Scope.API_TOKEN,
                    "api:" + issued.stored().name(), "helpdesk:hanna")).isTrue();
            assertThat(getWith(token, "/api/v1/users/carol").statusCode()).as("lifted").isEqualTo(200);
        }
    }

    /** Made-up tokens from one address: past the address limit, answered before any token is looked up. */
    @Nested
    class ManyRefusedTokensFromOneAddress {

        @RegisterExtension
        final TestAppExtension strict = TestAppExtension.withEnv(Map.of("MFA_ADDRESS_MAX_REQUESTS", "3"))
                .freshForEachTest();

        @Test
        void areTooManyRequestsWithRetryAfter() throws Exception {
            List<Integer> statuses = new java.util.ArrayList<>();
            HttpResponse<String> last = null;
            for (int i = 0; i < 5; i++) {
                String madeUp = "mfa_" + "x".repeat(42) + i;
                Secrets.register(madeUp);
                last = http.send(HttpRequest.newBuilder(URI.create(strict.baseUrl() + "/api/v1/users/carol"))
                        .header("Authorization", "Bearer " + madeUp).build(), HttpResponse.BodyHandlers.ofString());
                statuses.add(last.statusCode());
            }

            assertThat(statuses).containsExactly(401, 401, 401, 429, 429);
            assertProblem(last, 429, "too-many-requests");
            assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(
                    v -> assertThat(Long.parseLong(v)).isPositive());
        }
    }

    @Nested
    class NoValidToken {

        @Test
        void withoutAnyTokenIsUnauthorizedWithABearerChallenge() {
            HttpResponse<String> response = get("/api/v1/users/carol", Map.of());

            assertProblem(response, 401, "token-required");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Bearer"));
        }

        @Test
        void aPathSpelledOtherwiseIsNoWayAroundTheToken() {
            String token = token(ApiScope.USERS_READ);

            for (String path : List.of("//api/v1/users/carol", "/api//v1/users/carol", "/api/v1/users/carol/",
                    "/api/v1/./users/carol", "/x/../api/v1/users/carol")) {
                HttpResponse<String> response = get(path + "?t=" + token, Map.of());

                assertThat(response.statusCode()).as(path).isIn(400, 401, 404);
                assertThat(response.body()).as(path).doesNotContain("carol-phone").doesNotContain(token);
            }
        }

        @Test
        void anUnknownExpiredOrRevokedTokenIsUnauthorized() {
            ApiTokens.IssuedToken expiring = issue(Duration.ofMinutes(5), ApiScope.USERS_READ);
            ApiTokens.IssuedToken revoked = issue(null, ApiScope.USERS_READ);
            app.components().apiTokens().revoke(revoked.stored().name(), "test");
            app.clock().advance(Duration.ofMinutes(6));
            String unknown = Secrets.register(ApiTokens.PREFIX + "A".repeat(43));

            for (String token : List.of(unknown, expiring.token(), revoked.token(), "not-even-shaped-like-one")) {
                HttpResponse<String> response = getWith(token, "/api/v1/users/carol");

                assertProblem(response, 401, "token-invalid");
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                        v -> assertThat(v).contains("error=\"invalid_token\""));
                assertThat(response.body()).doesNotContain(token);
            }
        }

        @Test
        void aTokenWithoutTheScopeIsForbiddenToldWhichScopeAndAudited() {
            ApiTokens.IssuedToken issued = issue(null, ApiScope.LINKS_WRITE, ApiScope.COMPLIANCE_READ);

            HttpResponse<String> response = getWith(issued.token(), "/api/v1/users/carol");

            assertProblem(response, 403, "insufficient-scope");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    v -> assertThat(v).contains("error=\"insufficient_scope\"").contains("scope=\"users:read\""));
            assertThat(app.components().audit().latest(50)).anySatisfy(entry -> {
                assertThat(entry.actor()).isEqualTo("api:" + issued.stored().name());
                assertThat(entry.action()).isEqualTo(AuditAction.API_CALL);
                assertThat(entry.outcome()).isEqualTo(AuditEntry.Outcome.DENIED);
                assertThat(entry.detail()).endsWith("-> 403");
            });
        }

        @Test
        void aSessionCookieIsNoWayIn() {
            var started = app.components().sessions().start("helpdesk:adam", Role.ADMIN, null);
            Secrets.register(started.cookieValue());

            HttpResponse<String> response = get("/api/v1/users/carol",
                    Map.of("Cookie", "mfa_session=" + started.cookieValue()));

            assertProblem(response, 401, "token-required");
            assertThat(response.headers().allValues("Set-Cookie")).as("no CSRF cookie either").isEmpty();
        }

        @Test
        void aTokenInTheQueryStringIsRefusedEvenWithAHeaderAndNeverLogged() {
            String token = token(ApiScope.USERS_READ);

            List<HttpResponse<String>> responses = List.of(
                    getWith(token, "/api/v1/users/carol?access_token=" + token),
                    get("/api/v1/users/carol?access_token=" + token, Map.of()),
                    get("/api/v1/users/carol?account=" + token, Map.of()),
                    get("/api/v1/users/carol?t=" + token.substring(ApiTokens.PREFIX.length()), Map.of()),
                    get("/api/v1/nothing?key=" + token, Map.of()));

            for (HttpResponse<String> response : responses) {
                assertProblem(response, 400, "token-in-query");
                assertThat(response.body()).doesNotContain(token.substring(ApiTokens.PREFIX.length()));
            }
            assertThat(LogHygiene.lines()).noneMatch(line -> line.contains(token));
            assertThat(app.components().apiTokens().find("test-" + NEXT.get()).orElseThrow().lastUsedAt())
                    .as("the token was not even looked at").isNull();
        }
    }

    @Test
    void theRouteTableMarksEveryApiRouteWithAScopeAndNoOtherRouteWithOne() {
        List<Route> routes = RouteTable.of(app.components());

        assertThat(routes).filteredOn(r -> Paths.isApi(r.path()))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.access()).isIn(Access.API, Access.ANYONE));
        assertThat(routes).filteredOn(r -> r.access() == Access.API).allSatisfy(r -> {
            assertThat(Paths.isApi(r.path())).isTrue();
            assertThat(r.scope()).isNotNull();
        });
        assertThat(routes).filteredOn(r -> r.path().equals(Paths.API_USER))
                .singleElement().extracting(Route::scope).isEqualTo(ApiScope.USERS_READ);
    }
}
