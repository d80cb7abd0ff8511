package io.github.mfaenroll.iam;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static io.github.mfaenroll.iam.IamWire.action;
import static io.github.mfaenroll.iam.IamWire.error;
import static io.github.mfaenroll.iam.IamWire.ok;
import static io.github.mfaenroll.iam.IamWire.page;
import static io.github.mfaenroll.iam.IamWire.param;
import static io.github.mfaenroll.iam.IamWire.requested;
import static io.github.mfaenroll.iam.IamWire.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.github.mfaenroll.iam.IamFailure.Kind;
import io.github.mfaenroll.iam.IamGateway.EnableOutcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * EnableMFADevice is sent exactly once, and every failure is checked against ListMFADevices before it is reported
 * (DESIGN.md, IAM).
 */
class AwsIamGatewayEnableTest extends WireMockIamTest {

    private static final String USER = "alice";
    private static final String SERIAL = "arn:aws:iam::123456789012:mfa/alice-phone";
    private static final String OTHER_SERIAL = "arn:aws:iam::123456789012:mfa/alice-old-phone";
    // Distinctive values, so finding them anywhere in logs or messages cannot be a coincidence.
    private static final String CODE1 = "731904";
    private static final String CODE2 = "295816";

    /** Ways EnableMFADevice can fail or lose its answer, and what the caller is told if the device is not bound. */
    enum FailedEnable {
        THROTTLING(Kind.THROTTLED, "Throttling", () -> error(400, "Throttling", "req-throttled")),
        SERVICE_FAILURE(Kind.SERVICE_FAILURE, "ServiceFailure", () -> error(500, "ServiceFailure", "req-500")),
        ANSWER_SLOWER_THAN_THE_ATTEMPT_TIMEOUT(Kind.UNREACHABLE, null,
                () -> ok("EnableMFADevice", null).withFixedDelay(2_000)),
        CONNECTION_RESET(Kind.UNREACHABLE, null, () -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
        MALFORMED_SUCCESS_XML(Kind.UNKNOWN, null, () -> xml(200, "<EnableMFADeviceResponse><ResponseMeta")),
        MALFORMED_ERROR_XML(Kind.UNKNOWN, null, () -> xml(400, "<ErrorResponse><Error><Code>Thrott")),
        INVALID_AUTHENTICATION_CODE(Kind.INVALID_AUTHENTICATION_CODE, "InvalidAuthenticationCode",
                () -> error(403, "InvalidAuthenticationCode", "req-iac")),
        ENTITY_ALREADY_EXISTS(Kind.ENTITY_ALREADY_EXISTS, "EntityAlreadyExists",
                () -> error(409, "EntityAlreadyExists", "req-eae")),
        LIMIT_EXCEEDED(Kind.LIMIT_EXCEEDED, "LimitExceeded", () -> error(409, "LimitExceeded", "req-le")),
        ENTITY_TEMPORARILY_UNMODIFIABLE(Kind.BUSY, "EntityTemporarilyUnmodifiable",
                () -> error(409, "EntityTemporarilyUnmodifiable", "req-etu")),
        NO_SUCH_ENTITY(Kind.NO_SUCH_ENTITY, "NoSuchEntity", () -> error(404, "NoSuchEntity", "req-nse"));

        final Kind kind;
        final String awsErrorCode;
        final Supplier<ResponseDefinitionBuilder> answer;

        FailedEnable(Kind kind, String awsErrorCode, Supplier<ResponseDefinitionBuilder> answer) {
            this.kind = kind;
            this.awsErrorCode = awsErrorCode;
            this.answer = answer;
        }
    }

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        rootLogger().addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        rootLogger().detachAppender(logs);
    }

    @Nested
    class WhenIamAcceptsTheCodes {

        @Test
        void returnsEnabledAfterSendingUserSerialAndBothCodesOnce() {
            wiremock.stubFor(action("EnableMFADevice").willReturn(ok("EnableMFADevice", null)));

            EnableOutcome outcome = gateway.enableMfaDevice(USER, SERIAL, CODE1, CODE2);

            assertThat(outcome).isEqualTo(EnableOutcome.ENABLED);
            wiremock.verify(1, requested("EnableMFADevice")
                    .withRequestBody(containing(param("UserName", USER)))
                    .withRequestBody(containing(param("SerialNumber", SERIAL)))
                    .withRequestBody(containing("AuthenticationCode1=" + CODE1))
                    .withRequestBody(containing("AuthenticationCode2=" + CODE2)));
            wiremock.verify(0, requested("ListMFADevices"));
        }
    }

    @Nested
    class WhenTheCallFailsOrItsAnswerIsLost {

        @ParameterizedTest
        @EnumSource(FailedEnable.class)
        void sendsOnceThenReportsEnabledWhenListMfaDevicesShowsTheSerial(FailedEnable failed) {
            wiremock.stubFor(action("EnableMFADevice").willReturn(failed.answer.get()));
            givenListedDevices(OTHER_SERIAL, SERIAL);

            EnableOutcome outcome = gateway.enableMfaDevice(USER, SERIAL, CODE1, CODE2);

            assertThat(outcome).isEqualTo(EnableOutcome.ENABLED_AFTER_RECONCILE);
            wiremock.verify(1, requested("EnableMFADevice"));
            wiremock.verify(1, requested("ListMFADevices").withRequestBody(containing(param("UserName", USER))));
        }

        @ParameterizedTest
        @EnumSource(FailedEnable.class)
        void sendsOnceThenThrowsTheOriginalFailureWhenTheSerialIsNotListed(FailedEnable failed) {
            givenAFailedEnableThatLeftTheDeviceUnbound(failed);

            IamFailure failure = failedEnable();

            assertThat(failure.kind()).isEqualTo(failed.kind);
            assertThat(failure.awsErrorCode()).isEqualTo(failed.awsErrorCode);
            assertThat(failure.action()).isEqualTo("EnableMFADevice");
            wiremock.verify(1, requested("EnableMFADevice"));
            wiremock.verify(1, requested("ListMFADevices"));
        }

        @ParameterizedTest
        @EnumSource(FailedEnable.class)
        void neverPutsTheCodesInTheFailureOrTheLogs(FailedEnable failed) {
            givenAFailedEnableThatLeftTheDeviceUnbound(failed);

            IamFailure failure = failedEnable();

            assertThat(stackTraceOf(failure)).doesNotContain(CODE1, CODE2);
            assertThat(appLogs()).doesNotContain(CODE1, CODE2).contains("EnableMFADevice for user alice");
        }

        @Test
        void keepsIamsRequestIdForSupport() {
            wiremock.stubFor(action("EnableMFADevice").willReturn(error(400, "Throttling", "req-for-support")));
            givenListedDevices();

            IamFailure failure = failedEnable();

            assertThat(failure.awsRequestId()).isEqualTo("req-for-support");
        }

        @Test
        void aResetOnAKeptAliveConnectionIsNotResentByTheHttpClient() {
            // HttpURLConnection silently resends a failed request on a reused connection unless it streams the body.
            wiremock.stubFor(action("ListAccountAliases").willReturn(ok("ListAccountAliases",
                    "<IsTruncated>false</IsTruncated><AccountAliases/>")));
            gateway.accountAlias();
            wiremock.stubFor(action("EnableMFADevice")
                    .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            givenListedDevices();

            IamFailure failure = failedEnable();

            assertThat(failure.kind()).isEqualTo(Kind.UNREACHABLE);
            wiremock.verify(1, requested("EnableMFADevice"));
        }
    }

    @Nested
    class WhenTheReconcileReadFailsToo {

        @Test
        void throwsTheOriginalFailureAndWarns() {
            wiremock.stubFor(action("EnableMFADevice").willReturn(error(400, "Throttling", "req-throttled")));
            wiremock.stubFor(action("ListMFADevices").willReturn(error(403, "AccessDenied", "req-denied")));

            IamFailure failure = failedEnable();

            assertThat(failure.kind()).isEqualTo(Kind.THROTTLED);
            assertThat(failure.awsRequestId()).isEqualTo("req-throttled");
            wiremock.verify(1, requested("EnableMFADevice"));
            assertThat(logs.list).anySatisfy(event -> {
                assertThat(event.getLevel().toString()).isEqualTo("WARN");
                assertThat(event.getFormattedMessage()).contains("reconcile read failed", "ACCESS_DENIED");
            });
        }
    }

    /** EnableMFADevice fails as {@code failed} says, and the reconcile read then lists only another device. */
    private static void givenAFailedEnableThatLeftTheDeviceUnbound(FailedEnable failed) {
        wiremock.stubFor(action("EnableMFADevice").willReturn(failed.answer.get()));
        givenListedDevices(OTHER_SERIAL);
    }

    /** Binds SERIAL to USER with CODE1 and CODE2, expecting the gateway to throw; returns what it threw. */
    private IamFailure failedEnable() {
        return catchThrowableOfType(IamFailure.class, () -> gateway.enableMfaDevice(USER, SERIAL, CODE1, CODE2));
    }

    private static void givenListedDevices(String... serials) {
        StringBuilder members = new StringBuilder();
        for (String serial : serials) {
            members.append("<member><UserName>").append(USER).append("</UserName><SerialNumber>").append(serial)
                    .append("</SerialNumber><EnableDate>2024-03-01T10:15:30Z</EnableDate></member>");
        }
        wiremock.stubFor(action("ListMFADevices").willReturn(ok("ListMFADevices",
                "<MFADevices>" + members + "</MFADevices>" + page(null))));
    }

    private String appLogs() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : logs.list) {
            // WireMock may echo request bodies; it is test scaffolding, not the app.
            if (event.getLoggerName().startsWith("io.github.mfaenroll")
                    || event.getLoggerName().startsWith("software.amazon.awssdk")) {
                text.append(event.getFormattedMessage()).append('\n');
                if (event.getThrowableProxy() != null) {
                    text.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
                }
            }
        }
        return text.toString();
    }

    private static String stackTraceOf(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
