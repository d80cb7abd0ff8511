package io.github.mfaenroll.api;

import static io.github.mfaenroll.testing.ApiCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.iam.simulator.DemoOrganization;
import io.github.mfaenroll.identity.ApiScope;
import io.github.mfaenroll.testing.ApiCalls;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.LogHygiene;
import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.OpenApiContract;
import io.github.mfaenroll.testing.ReceivedMail;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestAppExtension;
import io.github.mfaenroll.web.Paths;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code DELETE /api/v1/users/{name}/devices/{serial}} over real HTTP through the real app, with mail to a real SMTP
 * server and devices in the IAM simulator: the console's reset (deleted only when the app created the device, the owner
 * told), with the token as actor, and every refusal.
 */
class ApiDevicesTest {

    private static final String SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    private static final String REASON = "{\"reason\": \"ticket INC-123: phone lost\"}";

    @RegisterExtension
    static final Mailbox mailbox = Mailbox.onLoopback();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(() -> mailbox.appSettings());

    private static final AtomicInteger NEXT = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();

    private static ApiTokens.IssuedToken issue(ApiScope... scopes) {
        ApiTokens.IssuedToken issued = app.components().apiTokens().create("devices-" + NEXT.incrementAndGet(),
                Set.of(scopes), null, "test");
        Secrets.register(issued.token());
        return issued;
    }

    private static String devicesToken() {
        return issue(ApiScope.DEVICES_WRITE).token();
    }

    private static String newUser() {
        return app.newUser("apidev", true, true);
    }

    /** A user who enrolled a phone through the app's own wizard (so the device is in the app's ledger); its serial. */
    private static String enrolledThroughTheApp(String name) {
        HttpWizard.enroll(app.signedInAs(name), app.clock());
        List<String> serials = app.simulator().assignedSerials(name);
        assertThat(serials).as("enrolled through the wizard").hasSize(1);
        return serials.get(0);
    }

    /** A virtual device's name: its ARN after {@code :mfa/}. */
    private static String deviceName(String serial) {
        return serial.substring(serial.indexOf(":mfa/") + ":mfa/".length());
    }

    private HttpResponse<String> delete(String rawPath, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + rawPath))
                .method("DELETE", body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = ApiCalls.send(request.build());
        // Every answer of the route, whatever the test asserts of it, is also one the OpenAPI document describes.
        if (response.statusCode() != 404 || !response.body().contains("/api/problems/not-found")) {
            OpenApiContract.assertResponseMatches("DELETE", Paths.API_USER_DEVICE, response);
        }
        return response;
    }

    private HttpResponse<String> reset(String token, String name, String serialSegment, String body) {
        return delete("/api/v1/users/" + name + "/devices/" + serialSegment, body, token);
    }


    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json(response).path("type").asText()).isEqualTo("/api/problems/" + type);
    }

    private static List<ReceivedMail> removalNotices(String name) {
        return mailbox.to(name + "@example.com").stream()
                .filter(mail -> mail.subject().startsWith("An MFA device was removed")).toList();
    }

    private static List<AuditEntry> resets(String name) {
        return app.audited(name, AuditAction.DEVICE_RESET);
    }

    @Nested
    class ADevicesToken {

        @Test
        void resetsADeviceTheAppCreatedNamedByItsDeviceNameDeletesItAndTellsTheOwner() {
            String name = newUser();
            String serial = enrolledThroughTheApp(name);
            ApiTokens.IssuedToken issued = issue(ApiScope.DEVICES_WRITE);

            HttpResponse<String> response = reset(issued.token(), name, deviceName(serial), REASON);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/json"));
            JsonNode answer = json(response);
            assertThat(answer.path("serial").asText()).isEqualTo(serial);
            assertThat(answer.path("deleted").asBoolean()).isTrue();
            assertThat(answer.path("mailed").asBoolean()).isTrue();
            assertThat(app.simulator().assignedSerials(name)).isEmpty();
            assertThat(app.simulator().virtualDeviceExists(serial)).isFalse();
            String actor = "api:" + issued.stored().name();
            assertThat(removalNotices(name)).singleElement().satisfies(mail -> assertThat(mail.text())
                    .contains(actor).contains("ticket INC-123: phone lost").contains(serial));
            assertThat(resets(name)).singleElement().satisfies(entry -> {
                assertThat(entry.actor()).isEqualTo(actor);
                assertThat(entry.outcome()).isEqualTo(AuditEntry.Outcome.SUCCESS);
                assertThat(entry.detail()).contains(serial).contains("deactivated and deleted")
                        .contains("reason: ticket INC-123: phone lost");
            });
            assertThat(app.audited(name, AuditAction.API_CALL)).singleElement().satisfies(entry -> {
                assertThat(entry.actor()).isEqualTo(actor);
                assertThat(entry.detail()).isEqualTo("DELETE " + Paths.API_USER_DEVICE + " -> 200");
            });
            assertThat(app.components().audit().latest(500)).noneMatch(e -> (e.actor() + " " + e.detail())
                    .contains(issued.token()));
            assertThat(LogHygiene.lines()).noneMatch(line -> line.contains(issued.token()));
        }

        @Test
        void onlyDeactivatesAVirtualDeviceTheAppDidNotCreate() {
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-console-phone");

            HttpResponse<String> response = reset(devicesToken(), name, deviceName(serial), REASON);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response).path("deleted").asBoolean()).isFalse();
            assertThat(json(response).path("mailed").asBoolean()).isTrue();
            assertThat(app.simulator().assignedSerials(name)).isEmpty();
            assertThat(app.simulator().virtualDeviceExists(serial)).as("not ours: never deleted").isTrue();
            assertThat(resets(name)).singleElement().satisfies(entry -> assertThat(entry.detail())
                    .contains("deactivated; not deleted because mfa-enroll did not create it"));
            assertThat(removalNotices(name)).hasSize(1);
        }

        @Test
        void namesAHardwareTokenByItsFullSerial() {
            String name = newUser();
            String serial = String.format("GAHT%08d", 90_000_000 + NEXT.incrementAndGet());
            app.simulator().registerHardwareToken(serial, SEED);
            Authenticator token = Authenticator.fromSeed(SEED, app.clock());
            app.components().iam().enableMfaDevice(name, serial, token.code(-1), token.code(0));

            HttpResponse<String> response = reset(devicesToken(), name, serial, REASON);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response).path("serial").asText()).isEqualTo(serial);
            assertThat(json(response).path("deleted").asBoolean()).isFalse();
            assertThat(app.simulator().assignedSerials(name)).isEmpty();
        }

        @Test
        void aPercentEncodedDeviceNameIsDecodedOnce() {
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "+backup@phone=2");

            HttpResponse<String> response = reset(devicesToken(), name,
                    deviceName(serial).replace("+", "%2B").replace("@", "%40").replace("=", "%3D"), REASON);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response).path("serial").asText()).isEqualTo(serial);
            assertThat(app.simulator().assignedSerials(name)).isEmpty();
        }

        @Test
        void namesAVirtualDeviceByItsWholeArnPercentEncodedSlashIncluded() {
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-phone");

            HttpResponse<String> response = reset(devicesToken(), name,
                    serial.replace(":", "%3A").replace("/", "%2F"), REASON);

            // The app's Jetty passes an encoded slash through to the route, decoded once in the path parameter (a
            // proxy in front may not: the device name is the form that survives every hop).
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response).path("serial").asText()).isEqualTo(serial);
            assertThat(app.simulator().assignedSerials(name)).isEmpty();
        }

        @Test
        void anArnWithARawSlashMatchesNoRoute() {
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-phone");

            HttpResponse<String> response = reset(devicesToken(), name, serial.replace(":", "%3A"), REASON);

            assertProblem(response, 404, "not-found");
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
        }

        @Test
        void namesTheAccountWithTheQueryParameter() {
            String frank = DemoOrganization.DEV_USER_WITH_MFA;
            String serial = app.simulator().account(DemoOrganization.DEV_ID).assignedSerials(frank).get(0);

            HttpResponse<String> done = delete("/api/v1/users/" + frank + "/devices/" + deviceName(serial)
                    + "?account=" + DemoOrganization.DEV_ALIAS, REASON, devicesToken());

            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            assertThat(json(done).path("serial").asText()).isEqualTo(serial);
            assertThat(app.simulator().account(DemoOrganization.DEV_ID).assignedSerials(frank)).isEmpty();
        }

        @Test
        void isToldWhichAccountsHoldAnAmbiguousName() {
            HttpResponse<String> response = reset(devicesToken(), "alice", "alice-phone", REASON);

            assertProblem(response, 409, "ambiguous-user");
            assertThat(json(response).path("accounts").findValuesAsText("id"))
                    .containsExactlyInAnyOrder(DemoOrganization.MANAGEMENT_ID, DemoOrganization.DEV_ID);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "{}", "{\"reason\": \"  \"}", "{\"reason\": null}"})
        void aMissingOrBlankReasonIsRefusedAndChangesNothing(String body) {
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-phone");

            HttpResponse<String> response = reset(devicesToken(), name, deviceName(serial),
                    body.isEmpty() ? null : body);

            assertProblem(response, 400, "reason-required");
            // The detail's "…" arrives as UTF-8, not as the '?' a String body of this content type would become.
            assertThat(json(response).path("detail").asText()).contains("{\"reason\": \"…\"}");
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"reason\": 5}", "{\"reason\": \"x\", \"zzmarker\": 1}", "zzmarker",
            "{\"reason\": [\"zzmarker\"]}"})
        void aMalformedBodyIsABadRequest(String body) {
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-phone");

            HttpResponse<String> response = reset(devicesToken(), name, deviceName(serial), body);

            assertProblem(response, 400, "bad-request");
            assertThat(json(response).path("detail").asText()).doesNotContain("zzmarker");
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
        }

        @Test
        void iamBusyIsServiceUnavailableWithTheReferenceOfTheAuditEntryAndChangesNothing() {
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-phone");
            app.simulator().failNext("DeactivateMFADevice", 3, 500, "ServiceFailure", "boom");

            HttpResponse<String> response = reset(devicesToken(), name, deviceName(serial), REASON);

            assertProblem(response, 503, "iam-unavailable");
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
            assertThat(resets(name)).singleElement().satisfies(entry -> {
                assertThat(entry.outcome()).isEqualTo(AuditEntry.Outcome.FAILURE);
                assertThat(json(response).path("reference").asText()).isEqualTo(entry.reference());
            });
            assertThat(removalNotices(name)).isEmpty();
        }

        @Test
        void iamRefusingIsBadGatewayAndChangesNothing() {
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-phone");
            app.simulator().failNext("DeactivateMFADevice", 1, 403, "AccessDenied", "not allowed");

            HttpResponse<String> response = reset(devicesToken(), name, deviceName(serial), REASON);

            assertProblem(response, 502, "iam-refused");
            assertThat(json(response).path("detail").asText()).doesNotContain("not allowed");
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
        }

        @Test
        void aMissingReasonForAUserIamDoesNotKnowIsNotAuditedAsACallAboutThatName() {
            String name = "nobody" + NEXT.incrementAndGet();

            HttpResponse<String> response = delete("/api/v1/users/" + name + "/devices/" + name + "-phone?account="
                    + DemoOrganization.MANAGEMENT_ID, null, devicesToken());

            assertProblem(response, 400, "reason-required");
            assertThat(app.audited(name, AuditAction.API_CALL)).isEmpty();
        }

        @Test
        void namesTheUserAsIamSpellsItInTheAuditTrail() {
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-phone");
            String shouted = name.toUpperCase(java.util.Locale.ROOT);

            HttpResponse<String> response = delete("/api/v1/users/" + shouted + "/devices/" + deviceName(serial)
                    + "?account=" + DemoOrganization.MANAGEMENT_ID, REASON, devicesToken());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(app.audited(name, AuditAction.API_CALL)).hasSize(1);
            assertThat(app.audited(shouted, AuditAction.API_CALL)).isEmpty();
            assertThat(resets(name)).hasSize(1);
        }

        @Test
        void aBodyOverTheSizeLimitIsAProblemNotAPage() {
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-phone");

            HttpResponse<String> response = reset(devicesToken(), name, deviceName(serial),
                    "{\"reason\": \"" + "x".repeat(70 * 1024) + "\"}");

            assertProblem(response, 413, "payload-too-large");
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
        }

        @Test
        void aBodyThatIsNotJsonIsUnsupported() throws Exception {
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-phone");

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl()
                            + "/api/v1/users/" + name + "/devices/" + deviceName(serial)))
                    .method("DELETE", HttpRequest.BodyPublishers.ofString("reason=lost"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Bearer " + devicesToken()).build(), HttpResponse.BodyHandlers.ofString());

            assertProblem(response, 415, "unsupported-media-type");
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
        }

        @Test
        void getsNotFoundForAnUnknownUserAccountOrDevice() {
            String token = devicesToken();
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-phone");

            assertProblem(reset(token, "nobody-here", "nobody-phone", REASON), 404, "user-not-found");
            assertProblem(delete("/api/v1/users/" + name + "/devices/x?account=999999999999", REASON, token), 404,
                    "unknown-account");
            assertProblem(reset(token, name, name + "-other-phone", REASON), 404, "device-not-found");
            assertProblem(reset(token, name, "carol-phone", REASON), 404, "device-not-found");
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
            assertThat(app.simulator().assignedSerials("carol")).hasSize(1);
        }

        @Test
        void refusesAProtectedUserBecauseTokensActAsHelpdeskNeverAsAdministrator() {
            String name = "apiprotected" + NEXT.incrementAndGet();
            app.simulator().addUser(name, true, Map.of("email", name + "@example.com", "mfa-enroll-protected", "1"));
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-phone");

            HttpResponse<String> response = reset(devicesToken(), name, deviceName(serial), REASON);

            assertProblem(response, 403, "forbidden");
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
            assertThat(removalNotices(name)).isEmpty();
        }
    }

    @Nested
    class NoTokenThatMay {

        @Test
        void withoutATokenIsUnauthorized() {
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-phone");

            assertProblem(reset(null, name, deviceName(serial), REASON), 401, "token-required");
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
        }

        @Test
        void aTokenWithoutDevicesWriteIsForbidden() {
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-phone");
            String token = issue(ApiScope.LINKS_WRITE, ApiScope.USERS_READ, ApiScope.COMPLIANCE_READ).token();

            HttpResponse<String> response = reset(token, name, deviceName(serial), REASON);

            assertProblem(response, 403, "insufficient-scope");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    v -> assertThat(v).contains("scope=\"devices:write\""));
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
        }

        @Test
        void aTokenInTheQueryStringIsRefused() {
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-phone");
            String token = devicesToken();

            HttpResponse<String> response = delete("/api/v1/users/" + name + "/devices/" + deviceName(serial)
                    + "?access_token=" + token, REASON, null);

            assertProblem(response, 400, "token-in-query");
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
        }
    }
}
