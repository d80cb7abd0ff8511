package io.github.mfaenroll.iam.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.mfaenroll.testing.MutableClock;
import java.time.Instant;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateVirtualMfaDeviceResponse;
import software.amazon.awssdk.services.iam.model.IamException;

/**
 * A started simulator for account 123456789012 on a hand-moved clock, and the production SDK client pointed
 * at it exactly as the app builds it. Retries are off unless a test asks for the SDK's defaults, so every
 * injected error is seen once.
 *
 * <p>Register it on an instance field, {@code @RegisterExtension final SimulatorFixture fixture =
 * SimulatorFixture.withUsers("alice");}: every test (and so every test of a {@code @Nested} class) gets a fresh one,
 * closed after the test.
 */
final class SimulatorFixture implements AutoCloseable, AfterEachCallback {

    static final String ACCOUNT = "123456789012";
    /** Mid-step (15 s into a 30 s step), so "now" is unambiguous. */
    static final Instant START = Instant.parse("2025-03-03T09:00:15Z");

    final MutableClock clock = new MutableClock(START);
    final IamSimulator simulator = new IamSimulator(clock, ACCOUNT).start();
    final IamClient iam = client(false);

    /** A simulator with these users, each with a console password and no tags. */
    static SimulatorFixture withUsers(String... userNames) {
        SimulatorFixture fixture = new SimulatorFixture();
        for (String userName : userNames) {
            fixture.simulator.addUser(userName, true, Map.of());
        }
        return fixture;
    }

    IamClient client(boolean sdkDefaultRetries) {
        var builder = IamClient.builder()
                .endpointOverride(simulator.endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (!sdkDefaultRetries) {
            builder.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        }
        return builder.build();
    }

    /** CreateVirtualMFADevice through the SDK; returns the serial. */
    String createDevice(String name) {
        CreateVirtualMfaDeviceResponse response = iam.createVirtualMFADevice(r -> r.virtualMFADeviceName(name));
        return response.virtualMFADevice().serialNumber();
    }

    /** EnableMFADevice with the two codes an authenticator shows up to now. */
    void enable(String userName, String serial) {
        String[] codes = app(serial).consecutiveCodesEndingAt(clock.instant());
        enable(userName, serial, codes[0], codes[1]);
    }

    /** EnableMFADevice with exactly these two codes, in this order. */
    void enable(String userName, String serial, String code1, String code2) {
        iam.enableMFADevice(r -> r.userName(userName).serialNumber(serial)
                .authenticationCode1(code1).authenticationCode2(code2));
    }

    /** A device created and bound to this user, as after a finished enrollment; returns the serial. */
    String enabledDevice(String userName, String deviceName) {
        String serial = createDevice(deviceName);
        enable(userName, serial);
        return serial;
    }

    AuthenticatorApp app(String serial) {
        return new AuthenticatorApp(simulator.seedOf(serial).orElseThrow());
    }

    /** Runs an SDK call that must fail with an IAM error, and returns that error. */
    static IamException iamError(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("the IAM error the SDK should have thrown").isInstanceOf(IamException.class);
        return (IamException) thrown;
    }

    static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails().errorCode();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        iam.close();
        simulator.close();
    }
}
