package io.github.mfaenroll.api;

import static io.github.mfaenroll.testing.ApiCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mfaenroll.identity.ApiScope;
import io.github.mfaenroll.testing.ApiCalls;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestAppExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/compliance} over real HTTP against the demo organization: the JSON of {@code report --json} (a
 * section per account, the organization's totals), narrowed by {@code account} and {@code show}, behind the
 * {@code compliance:read} scope.
 */
class ApiComplianceTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    private static final AtomicInteger NEXT = new AtomicInteger();

    private static String token(ApiScope... scopes) {
        String token = app.components().apiTokens().create("compliance-" + NEXT.incrementAndGet(), Set.of(scopes),
                null, "test").token();
        Secrets.register(token);
        return token;
    }

    private HttpResponse<String> get(String token, String pathAndQuery) {
        return ApiCalls.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + pathAndQuery))
                    .header("Authorization", "Bearer " + token).build());
    }


    @Test
    void answersEveryAccountsSectionAndTheTotalsAsReportJsonDoes() {

        HttpResponse<String> response = get(token(ApiScope.COMPLIANCE_READ), "/api/v1/compliance");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        JsonNode whole = json(response);
        assertThat(whole.path("accounts")).hasSize(3);
        assertThat(whole.path("accounts").get(0).path("accountAlias").asText()).isEqualTo("demo-corp");
        assertThat(whole.path("accounts").get(0).path("report").path("counts").path("nonCompliant").asInt())
                .isEqualTo(2);
        assertThat(whole.path("totals").path("counts").path("nonCompliant").asInt()).isEqualTo(5);
    }

    @Test
    void narrowsToOneAccountAndOneCategory() {

        HttpResponse<String> response = get(token(ApiScope.COMPLIANCE_READ),
                "/api/v1/compliance?account=demo-dev&show=noncompliant");

        JsonNode whole = json(response);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(whole.path("accounts")).hasSize(1);
        assertThat(whole.path("accounts").get(0).path("accountId").asText()).isEqualTo("234567890123");
        assertThat(whole.path("accounts").get(0).path("report").path("users")).extracting(u -> u.path("user").asText())
                .containsExactlyInAnyOrder("alice", "erin");
    }

    @Test
    void refusesAnUnknownAccountAShowItDoesNotKnowAndATokenWithoutTheScope() {
        String token = token(ApiScope.COMPLIANCE_READ);

        HttpResponse<String> unknown = get(token, "/api/v1/compliance?account=nowhere");
        HttpResponse<String> badShow = get(token, "/api/v1/compliance?show=everything");
        HttpResponse<String> wrongScope = get(token(ApiScope.USERS_READ), "/api/v1/compliance");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("type").asText()).isEqualTo("/api/problems/unknown-account");
        assertThat(badShow.statusCode()).isEqualTo(400);
        assertThat(wrongScope.statusCode()).isEqualTo(403);
        assertThat(json(wrongScope).path("type").asText()).isEqualTo("/api/problems/insufficient-scope");
    }
}
