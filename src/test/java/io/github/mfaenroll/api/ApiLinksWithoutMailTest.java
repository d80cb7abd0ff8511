package io.github.mfaenroll.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.identity.ApiScope;
import io.github.mfaenroll.testing.OpenApiContract;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import io.github.mfaenroll.web.Paths;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/v1/links} when no mail reaches anyone (no SMTP server configured: mail is only logged): a link that
 * adds a device to a user who already has MFA is withdrawn rather than answered, since its owner was never told of it.
 */
class ApiLinksWithoutMailTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> issueLink(String body) throws IOException, InterruptedException {
        String token = Secrets.register(app.components().apiTokens().create("nomail-" + NEXT.incrementAndGet(),
                Set.of(ApiScope.LINKS_WRITE), null, "test").token());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + Paths.API_LINKS))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        OpenApiContract.assertResponseMatches("POST", Paths.API_LINKS, response);
        return response;
    }

    @Nested
    class AUserWhoHasMfa {

        @Test
        void getsNoLinkToAddADeviceAndTheOneIssuedIsRevoked() throws Exception {
            String name = app.newUser("nomailmfa", true, true);
            app.simulator().addAssignedVirtualDevice(name, name + "-phone");

            HttpResponse<String> response = issueLink("{\"user\": \"" + name + "\", \"allowAdditionalDevice\": true}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
            assertThat(JSON.readTree(response.body()).path("type").asText())
                    .isEqualTo("/api/problems/additional-device-link-must-be-mailed");
            assertThat(response.body()).doesNotContain("/onboard/");
            assertThat(app.audited(name, AuditAction.LINK_ISSUED)).anySatisfy(entry -> {
                assertThat(entry.outcome()).isEqualTo(AuditEntry.Outcome.DENIED);
                assertThat(entry.detail()).contains("revoked");
            });
        }
    }

    @Nested
    class AUserWithoutMfa {

        @Test
        void getsTheLinkToHandOverAsBefore() throws Exception {
            String name = app.newUser("nomail", true, true);

            HttpResponse<String> response = issueLink("{\"user\": \"" + name + "\"}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(JSON.readTree(response.body()).path("mailed").asBoolean()).isFalse();
            Secrets.register(TestApp.tokenOf(URI.create(JSON.readTree(response.body()).path("url").asText())));
        }
    }
}
