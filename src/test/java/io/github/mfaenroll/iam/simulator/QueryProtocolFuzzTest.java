package io.github.mfaenroll.iam.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.InRange;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.github.mfaenroll.testing.LoopbackOnly;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever form body a client POSTs, the simulator answers with IAM's XML: a result or an IAM error, never a 5xx.
 * No fault is injected here, so the only 5xx the simulator may send (a deliberate one, from {@code failNext}) cannot
 * occur, and a 500 ServiceFailure means an exception escaped an action. The body is sent as typed (broken percent
 * escapes, repeated names, odd Unicode); the action is usually a real one so the fuzzer reaches the actions' checks.
 */
@Tag("fuzz")
class QueryProtocolFuzzTest {

    private static final List<String> ACTIONS = List.of("CreateVirtualMFADevice", "EnableMFADevice", "ResyncMFADevice",
            "DeactivateMFADevice", "DeleteVirtualMFADevice", "ListMFADevices", "ListVirtualMFADevices", "GetUser",
            "GetLoginProfile", "DeleteLoginProfile", "ListUsers", "ListUserTags", "ListAccountAliases",
            "GenerateCredentialReport", "GetCredentialReport");
    private static final String CAROL_SERIAL = "arn:aws:iam::" + DemoAccount.ACCOUNT_ID + ":mfa/"
            + DemoAccount.CAROL_DEVICE_NAME;

    private static IamSimulator simulator;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        simulator = new IamSimulator(Clock.systemUTC(), DemoAccount.ACCOUNT_ID).start();
        DemoAccount.seed(simulator);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    /** A seed: {@code form} sent to {@code action}, one of ACTIONS (found by its place) or any other text. */
    private static Arguments seed(String action, String form) {
        int index = ACTIONS.indexOf(action);
        return index >= 0 ? arguments(index, "", form) : arguments(ACTIONS.size(), action, form);
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                seed("CreateVirtualMFADevice",
                        "VirtualMFADeviceName=alice-phone&Path=/staff/&Tags.member.1.Key=k&Tags.member.1.Value=v"),
                seed("EnableMFADevice", "UserName=alice&SerialNumber=" + CAROL_SERIAL
                        + "&AuthenticationCode1=123456&AuthenticationCode2=654321"),
                seed("ResyncMFADevice", "UserName=carol&SerialNumber=" + CAROL_SERIAL
                        + "&AuthenticationCode1=000000&AuthenticationCode2=000001"),
                seed("DeactivateMFADevice", "UserName=carol&SerialNumber=" + CAROL_SERIAL),
                seed("DeleteVirtualMFADevice", "SerialNumber=arn:aws:iam::123456789012:mfa/nobody"),
                seed("ListMFADevices", "UserName=alice&MaxItems=1&Marker=%zz"),
                seed("ListVirtualMFADevices", "AssignmentStatus=Unassigned&MaxItems=1001&Marker=x"),
                seed("GetUser", "UserName=dave&UserName=dave"),
                seed("ListUsers", "PathPrefix=/&MaxItems=2"),
                seed("ListUserTags", "UserName=bob&Tags.member.0.Key=x"),
                seed("GetCredentialReport", ""),
                seed("GetAccountSummary", "Version=2010-05-08"));
    }

    @MethodSource("requests") // Jazzer wants @FuzzTest last
    @FuzzTest(maxDuration = "10s")
    void anyFormBodyGetsAnIamAnswerNeverAServerError(@InRange(min = 0, max = 15) int actionIndex,
                                                     @NotNull String otherAction, @NotNull String form)
            throws IOException, InterruptedException {
        LoopbackOnly.allowConnections();
        // 15: any other text as the action (Jazzer 0.24's int mutator fails on a range below zero, hence not -1).
        String action = actionIndex == ACTIONS.size() ? otherAction : ACTIONS.get(actionIndex);
        String body = "Action=" + URLEncoder.encode(action, StandardCharsets.UTF_8) + "&Version=2010-05-08&" + form;

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(simulator.endpoint())
                        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as("status for %s", action).isLessThan(500);
        assertThat(response.body()).startsWith("<").contains(response.statusCode() == 200 ? "<ResponseMetadata>"
                : "<ErrorResponse");
    }
}
