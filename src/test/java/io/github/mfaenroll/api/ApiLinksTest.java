package io.github.mfaenroll.api;

import static io.github.mfaenroll.testing.ApiCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.iam.simulator.DemoOrganization;
import io.github.mfaenroll.identity.ApiScope;
import io.github.mfaenroll.testing.ApiCalls;
import io.github.mfaenroll.testing.LogHygiene;
import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.OpenApiContract;
import io.github.mfaenroll.testing.ReceivedMail;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import io.github.mfaenroll.web.Paths;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /api/v1/links} over real HTTP through the real app, with mail to a real SMTP server: the link issued by
 * the console's own service (same rules, same audit entries, the token as actor), mailed or not, and working.
 */
class ApiLinksTest {

    /** A small limit, so one test reaches it; every test uses tokens of its own, so their counts never meet. */
    private static final int MAX_CALLS = 5;
    private static final String PROTECTED_TAG = "mfa-enroll-protected";

    @RegisterExtension
    static final Mailbox mailbox = Mailbox.onLoopback();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(() -> {
        Map<String, String> env = new HashMap<>(mailbox.appSettings());
        env.put("MFA_API_MAX_REQUESTS", String.valueOf(MAX_CALLS));
        env.put("MFA_API_WINDOW", "PT1M");
        return env;
    });

    private static final AtomicInteger NEXT = new AtomicInteger();

    private static ApiTokens.IssuedToken issue(Duration expiresIn, ApiScope... scopes) {
        ApiTokens.IssuedToken issued = app.components().apiTokens().create("links-" + NEXT.incrementAndGet(),
                Set.of(scopes), expiresIn, "test");
        Secrets.register(issued.token());
        return issued;
    }

    private static String linksToken() {
        return issue(null, ApiScope.LINKS_WRITE).token();
    }

    /** A console user with an email tag NAME@example.com and no MFA. */
    private static String newUser() {
        return app.newUser("apilink", true, true);
    }

    /** A console user with one MFA device and, if {@code withEmail}, an email tag NAME@example.com. */
    private static String newUserWithMfa(boolean withEmail) {
        String name = app.newUser("apilinkmfa", true, withEmail);
        app.simulator().addAssignedVirtualDevice(name, name + "-phone");
        return name;
    }

    private HttpResponse<String> post(String pathAndQuery, String contentType, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = ApiCalls.send(request.build());
        // Every answer, whatever the test asserts of it, is also one the OpenAPI document describes.
        OpenApiContract.assertResponseMatches("POST", Paths.API_LINKS, response);
        return response;
    }

    private HttpResponse<String> issueLink(String token, String body) {
        return post(Paths.API_LINKS, "application/json", body, token);
    }


    /** The link of a 201 answer, registered as a secret so no log line may hold it. */
    private static URI linkOf(HttpResponse<String> response) {
        URI url = URI.create(json(response).path("url").asText());
        Secrets.register(TestApp.tokenOf(url));
        return url;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("type").asText()).isEqualTo("/api/problems/" + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
    }

    /** The links issued for the user (refusals are audited under the same action, as DENIED). */
    private static List<AuditEntry> linksIssued(String name) {
        return app.audited(name, AuditAction.LINK_ISSUED).stream()
                .filter(e -> e.outcome() == AuditEntry.Outcome.SUCCESS).toList();
    }

    private static List<ReceivedMail> invitations(String address) {
        return mailbox.to(address).stream().filter(mail -> mail.text().contains("/onboard/")).toList();
    }

    @Nested
    class ALinksToken {

        @Test
        void issuesALinkMailedToTheEmailTagThatOpensTheLandingPage() {
            String name = newUser();

            HttpResponse<String> response = issueLink(linksToken(), "{\"user\": \"" + name + "\"}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/json"));
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
            JsonNode answer = json(response);
            URI url = linkOf(response);
            assertThat(url.toString()).startsWith(app.baseUrl() + "/onboard/");
            assertThat(Instant.parse(answer.path("expiresAt").asText())).isAfter(app.clock().instant());
            assertThat(answer.path("mailed").asBoolean()).isTrue();
            assertThat(UUID.fromString(answer.path("linkId").asText())).isNotNull();
            assertThat(answer.path("user").asText()).isEqualTo(name);
            assertThat(answer.path("account").path("id").asText()).isEqualTo(DemoOrganization.MANAGEMENT_ID);
            assertThat(answer.path("account").path("alias").asText()).isEqualTo(DemoOrganization.MANAGEMENT_ALIAS);
            mailbox.waitFor(1);
            List<ReceivedMail> mails = invitations(name + "@example.com");
            assertThat(mails).hasSize(1);
            assertThat(mails.get(0).link()).isEqualTo(url);
            var landing = app.browser().get(url.toString());
            assertThat(landing.status()).isEqualTo(200);
            assertThat(landing.body()).contains("Set up MFA for your AWS sign-in").contains(name);
        }

        @Test
        void mailsTheLinkToTheAddressGivenInstead() {
            String name = newUser();
            String elsewhere = "manager-of-" + name + "@example.com";

            HttpResponse<String> response = issueLink(linksToken(),
                    "{\"user\": \"" + name + "\", \"email\": \"" + elsewhere + "\"}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(json(response).path("mailed").asBoolean()).isTrue();
            URI url = linkOf(response);
            mailbox.waitFor(1);
            assertThat(invitations(elsewhere)).singleElement().satisfies(mail -> assertThat(mail.link()).isEqualTo(url));
            assertThat(invitations(name + "@example.com")).isEmpty();
        }

        @Test
        void withSendFalseMailsNothingAndTheAnsweredLinkWorks() {
            String name = newUser();

            HttpResponse<String> response = issueLink(linksToken(),
                    "{\"user\": \"" + name + "\", \"send\": false}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(json(response).path("mailed").asBoolean()).isFalse();
            URI url = linkOf(response);
            // Mail is sent before the answer: had it been sent, it would be here by now.
            assertThat(invitations(name + "@example.com")).isEmpty();
            assertThat(app.browser().get(url.toString()).status()).isEqualTo(200);
            assertThat(linksIssued(name)).hasSize(1);
        }

        @Test
        void isAuditedWithTheTokensNameAndNoSecretInTheTrailOrTheLog() {
            String name = newUser();
            ApiTokens.IssuedToken issued = issue(null, ApiScope.LINKS_WRITE);

            HttpResponse<String> response = issueLink(issued.token(), "{\"user\": \"" + name + "\"}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            URI url = linkOf(response);
            String actor = "api:" + issued.stored().name();
            assertThat(linksIssued(name)).singleElement().satisfies(entry -> {
                assertThat(entry.actor()).isEqualTo(actor);
                assertThat(entry.outcome()).isEqualTo(AuditEntry.Outcome.SUCCESS);
                assertThat(entry.detail()).contains(json(response).path("linkId").asText());
            });
            assertThat(app.audited(name, AuditAction.API_CALL)).singleElement().satisfies(entry -> {
                assertThat(entry.actor()).isEqualTo(actor);
                assertThat(entry.detail()).isEqualTo("POST " + Paths.API_LINKS + " -> 201");
            });
            String linkToken = TestApp.tokenOf(url);
            assertThat(app.components().audit().latest(500)).noneMatch(e -> (e.actor() + " " + e.detail())
                    .contains(issued.token()) || (e.actor() + " " + e.detail()).contains(linkToken));
            assertThat(LogHygiene.lines()).noneMatch(line -> line.contains(issued.token()) || line.contains(linkToken));
        }

        @Test
        void namesTheAccountOfANameInSeveralOrIsToldWhichHoldIt() {
            String token = linksToken();

            HttpResponse<String> ambiguous = issueLink(token, "{\"user\": \"alice\"}");
            HttpResponse<String> named = issueLink(token,
                    "{\"user\": \"alice\", \"account\": \"" + DemoOrganization.DEV_ALIAS + "\", \"send\": false}");

            assertProblem(ambiguous, 409, "ambiguous-user");
            assertThat(json(ambiguous).path("accounts").findValuesAsText("id"))
                    .containsExactlyInAnyOrder(DemoOrganization.MANAGEMENT_ID, DemoOrganization.DEV_ID);
            assertThat(json(ambiguous).path("detail").asText()).contains("\"account\"");
            assertThat(named.statusCode()).as(named.body()).isEqualTo(201);
            linkOf(named);
            assertThat(json(named).path("account").path("id").asText()).isEqualTo(DemoOrganization.DEV_ID);
            assertThat(json(named).path("account").path("alias").asText()).isEqualTo(DemoOrganization.DEV_ALIAS);
        }

        @Test
        void refusesAUserWhoHasMfaUnlessAddingADeviceIsAllowed() {
            String token = linksToken();
            String name = newUserWithMfa(true);

            HttpResponse<String> refused = issueLink(token, "{\"user\": \"" + name + "\"}");
            HttpResponse<String> allowed = issueLink(token,
                    "{\"user\": \"" + name + "\", \"allowAdditionalDevice\": true}");

            assertProblem(refused, 409, "already-has-mfa");
            assertThat(json(refused).path("detail").asText()).contains("allowAdditionalDevice");
            assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(201);
            assertThat(json(allowed).path("mailed").asBoolean()).isTrue();
            // Only the owner gets a link that adds a device to a protected account: the caller is told it was mailed.
            assertThat(json(allowed).has("url")).isTrue();
            assertThat(json(allowed).path("url").isNull()).as(allowed.body()).isTrue();
            mailbox.waitFor(1);
            assertThat(invitations(name + "@example.com")).singleElement().satisfies(mail -> {
                Secrets.register(TestApp.tokenOf(mail.link()));
                assertThat(allowed.body()).doesNotContain(TestApp.tokenOf(mail.link()));
            });
            assertThat(linksIssued(name)).first().satisfies(entry -> assertThat(entry.detail())
                    .contains("allows adding a device to existing MFA"));
        }

        @Test
        void anAddedDeviceLinkIsNeverHandedToTheTokenUnmailed() {
            String token = linksToken();
            String name = newUserWithMfa(true);

            HttpResponse<String> response = issueLink(token,
                    "{\"user\": \"" + name + "\", \"allowAdditionalDevice\": true, \"send\": false}");

            assertProblem(response, 409, "additional-device-link-must-be-mailed");
            assertThat(json(response).path("detail").asText()).contains("email tag").contains("\"send\": false");
            assertThat(linksIssued(name)).isEmpty();
            assertThat(app.audited(name, AuditAction.LINK_ISSUED)).singleElement()
                    .satisfies(entry -> assertThat(entry.outcome()).isEqualTo(AuditEntry.Outcome.DENIED));
        }

        @Test
        void anAddedDeviceLinkIsNeverMailedToAnAddressTheTokenChose() {
            String token = linksToken();
            String name = newUserWithMfa(true);
            String elsewhere = "attacker-of-" + name + "@example.com";

            HttpResponse<String> response = issueLink(token, "{\"user\": \"" + name
                    + "\", \"allowAdditionalDevice\": true, \"email\": \"" + elsewhere + "\"}");

            assertProblem(response, 409, "additional-device-link-must-be-mailed");
            assertThat(linksIssued(name)).isEmpty();
            assertThat(invitations(elsewhere)).isEmpty();
        }

        @Test
        void anAddedDeviceLinkForAUserWithoutAnEmailTagIsLeftToTheConsole() {
            String token = linksToken();
            String name = newUserWithMfa(false);

            HttpResponse<String> response = issueLink(token,
                    "{\"user\": \"" + name + "\", \"allowAdditionalDevice\": true}");

            assertProblem(response, 409, "additional-device-link-must-be-mailed");
            assertThat(json(response).path("detail").asText()).contains("console");
            assertThat(linksIssued(name)).isEmpty();
        }

        @Test
        void aUserWithoutMfaMayStillGetALinkUnmailedOrMailedElsewhere() {
            String name = newUser();

            HttpResponse<String> response = issueLink(linksToken(),
                    "{\"user\": \"" + name + "\", \"allowAdditionalDevice\": true, \"send\": false}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            linkOf(response);
        }

        @Test
        void anInvalidAddressForAUserIamDoesNotKnowIsNotFoundAndNoCallIsAuditedAboutTheName() {
            String name = "nobody" + NEXT.incrementAndGet();

            HttpResponse<String> response = issueLink(linksToken(),
                    "{\"user\": \"" + name + "\", \"email\": \"not an address\", \"account\": \""
                            + DemoOrganization.MANAGEMENT_ID + "\"}");

            assertProblem(response, 404, "user-not-found");
            assertThat(app.audited(name, AuditAction.API_CALL)).isEmpty();
        }

        @Test
        void namesTheUserAsIamSpellsItInTheAnswerAndTheAuditTrail() {
            String name = newUser();
            String shouted = name.toUpperCase(java.util.Locale.ROOT);

            HttpResponse<String> response = issueLink(linksToken(), "{\"user\": \"" + shouted + "\", \"account\": \""
                    + DemoOrganization.MANAGEMENT_ID + "\"}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            linkOf(response);
            assertThat(json(response).path("user").asText()).isEqualTo(name);
            assertThat(app.audited(name, AuditAction.API_CALL)).hasSize(1);
            assertThat(app.audited(shouted, AuditAction.API_CALL)).isEmpty();
        }

        @Test
        void aBodyOverTheSizeLimitIsAProblemNotAPage() {
            String body = "{\"user\": \"" + newUser() + "\", \"email\": \"" + "x".repeat(70 * 1024) + "\"}";

            HttpResponse<String> response = issueLink(linksToken(), body);

            assertProblem(response, 413, "payload-too-large");
        }

        @Test
        void refusesAUserWhoHasAsManyDevicesAsIamAllows() {
            String name = newUser();
            for (int i = 0; i < 8; i++) {
                app.simulator().addAssignedVirtualDevice(name, name + "-phone" + i);
            }

            HttpResponse<String> response = issueLink(linksToken(),
                    "{\"user\": \"" + name + "\", \"allowAdditionalDevice\": true}");

            assertProblem(response, 409, "device-limit");
            assertThat(linksIssued(name)).isEmpty();
        }

        @Test
        void refusesAProtectedUserBecauseTokensActAsHelpdeskNeverAsAdministrator() {
            String name = "apiprotected" + NEXT.incrementAndGet();
            app.simulator().addUser(name, true, Map.of("email", name + "@example.com", PROTECTED_TAG, "yes"));

            HttpResponse<String> response = issueLink(linksToken(), "{\"user\": \"" + name + "\"}");

            assertProblem(response, 403, "forbidden");
            assertThat(linksIssued(name)).isEmpty();
            assertThat(app.audited(name, AuditAction.LINK_ISSUED)).singleElement().satisfies(entry -> {
                assertThat(entry.outcome()).isEqualTo(AuditEntry.Outcome.DENIED);
                assertThat(entry.actor()).startsWith("api:links-");
            });
            assertThat(invitations(name + "@example.com")).isEmpty();
        }

        @Test
        void getsNotFoundForAnUnknownUserOrAccount() {
            String token = linksToken();

            assertProblem(issueLink(token, "{\"user\": \"nobody-here\"}"), 404, "user-not-found");
            assertProblem(issueLink(token, "{\"user\": \"carol\", \"account\": \"" + DemoOrganization.DEV_ID + "\"}"),
                    404, "user-not-found");
            assertProblem(issueLink(token, "{\"user\": \"carol\", \"account\": \"999999999999\"}"), 404,
                    "unknown-account");
            assertProblem(issueLink(token, "{\"user\": \"" + "x".repeat(300) + "\", \"account\": \""
                    + DemoOrganization.MANAGEMENT_ID + "\"}"), 404, "user-not-found");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "{}",
            "{\"user\": \"NAME\", \"zzmarker\": 1}",
            "{\"user\": 42}",
            "{\"user\": [\"NAME\"]}",
            "{\"user\": \"NAME\", \"send\": \"zzmarker\"}",
            "{\"user\": \"NAME\", \"send\": \"false\"}",
            "{\"user\": \"NAME\", \"send\": 0}",
            "{\"user\": \"NAME\", \"allowAdditionalDevice\": \"yes\"}",
            "{\"user\": \"NAME\", \"email\": \"zzmarker at nowhere\"}",
            "{\"user\": \"NAME\", \"email\": \"a@example.com, zzmarker@example.com\"}",
            "{\"user\": \"NAME\", \"user\": \"carol\"}",
            "{\"user\": \"NAME\"} {\"zzmarker\": 1}",
            "[\"NAME\"]",
            "null",
            "zzmarker",
            ""
        })
        void refusesAMalformedBodyWithoutIssuingAnythingOrEchoingIt(String template) {
            String name = newUser();

            HttpResponse<String> response = issueLink(linksToken(), template.replace("NAME", name));

            assertProblem(response, 400, "bad-request");
            assertThat(json(response).path("detail").asText()).isNotBlank().doesNotContain("zzmarker");
            assertThat(linksIssued(name)).isEmpty();
        }

        @Test
        void refusesABodyThatIsNotJsonWith415() {
            String name = newUser();
            String body = "{\"user\": \"" + name + "\"}";
            String token = linksToken();

            List<HttpResponse<String>> responses = List.of(
                    post(Paths.API_LINKS, "text/plain", body, token),
                    post(Paths.API_LINKS, "application/x-www-form-urlencoded", "user=" + name, token),
                    post(Paths.API_LINKS, null, body, token));

            for (HttpResponse<String> response : responses) {
                assertProblem(response, 415, "unsupported-media-type");
            }
            assertThat(issueLink(token, body).statusCode()).as("with application/json").isEqualTo(201);
            assertThat(post(Paths.API_LINKS, "application/json; charset=utf-8", body, token).statusCode())
                    .as("with a charset").isEqualTo(201);
        }
    }

    @Nested
    class NoTokenThatMay {

        @Test
        void withoutATokenIsUnauthorized() {
            HttpResponse<String> response = post(Paths.API_LINKS, "application/json", "{\"user\": \"bob\"}", null);

            assertProblem(response, 401, "token-required");
            assertThat(linksIssued("bob")).isEmpty();
        }

        @Test
        void aRevokedOrExpiredTokenIsUnauthorized() {
            String name = newUser();
            ApiTokens.IssuedToken expiring = issue(Duration.ofMinutes(5), ApiScope.LINKS_WRITE);
            ApiTokens.IssuedToken revoked = issue(null, ApiScope.LINKS_WRITE);
            app.components().apiTokens().revoke(revoked.stored().name(), "test");
            app.clock().advance(Duration.ofMinutes(6));

            for (String token : List.of(expiring.token(), revoked.token())) {
                HttpResponse<String> response = issueLink(token, "{\"user\": \"" + name + "\"}");

                assertProblem(response, 401, "token-invalid");
            }
            assertThat(linksIssued(name)).isEmpty();
        }

        @Test
        void aUsersReadTokenCannotIssueLinks() {
            String name = newUser();
            ApiTokens.IssuedToken reader = issue(null, ApiScope.USERS_READ, ApiScope.COMPLIANCE_READ,
                    ApiScope.DEVICES_WRITE);

            HttpResponse<String> response = issueLink(reader.token(), "{\"user\": \"" + name + "\"}");

            assertProblem(response, 403, "insufficient-scope");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    v -> assertThat(v).contains("scope=\"links:write\""));
            assertThat(linksIssued(name)).isEmpty();
            assertThat(invitations(name + "@example.com")).isEmpty();
        }

        @Test
        void aTokenInTheQueryStringIsRefusedForThePostTooAndNeverLogged() {
            String name = newUser();
            String token = linksToken();

            List<HttpResponse<String>> responses = List.of(
                    post(Paths.API_LINKS + "?access_token=" + token, "application/json",
                            "{\"user\": \"" + name + "\"}", null),
                    post(Paths.API_LINKS + "?access_token=" + token, "application/json",
                            "{\"user\": \"" + name + "\"}", token));

            for (HttpResponse<String> response : responses) {
                assertProblem(response, 400, "token-in-query");
                assertThat(response.body()).doesNotContain(token.substring(ApiTokens.PREFIX.length()));
            }
            assertThat(linksIssued(name)).isEmpty();
            assertThat(LogHygiene.lines()).noneMatch(line -> line.contains(token));
        }

        @Test
        void aTokenOverItsLimitIsTooManyRequestsWithRetryAfter() {
            String token = linksToken();
            for (int i = 0; i < MAX_CALLS; i++) {
                assertThat(issueLink(token, "{}").statusCode()).isEqualTo(400);
            }

            HttpResponse<String> over = issueLink(token, "{\"user\": \"" + newUser() + "\"}");

            assertProblem(over, 429, "too-many-requests");
            assertThat(over.headers().firstValue("Retry-After")).hasValueSatisfying(
                    v -> assertThat(Integer.parseInt(v)).isBetween(1, 61));
        }
    }
}
