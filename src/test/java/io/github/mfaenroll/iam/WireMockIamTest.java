package io.github.mfaenroll.iam;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One WireMock server per test class on loopback, and a fresh gateway per test through the real SDK client.
 * Attempt timeout 1 s, call timeout 6 s: long enough for the standard strategy's throttling backoff, short enough
 * for a fast suite.
 */
abstract class WireMockIamTest {

    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(6);

    static WireMockServer wiremock;

    AwsIamGateway gateway;

    @BeforeAll
    static void startWireMock() {
        wiremock = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        wiremock.start();
    }

    @AfterAll
    static void stopWireMock() {
        wiremock.stop();
    }

    @BeforeEach
    void connectGateway() {
        wiremock.resetAll();
        gateway = AwsIamGateway.connect(connection());
    }

    @AfterEach
    void closeGateway() {
        gateway.close();
    }

    static IamConnection connection() {
        return IamConnection.forLocalEndpoint(URI.create(wiremock.baseUrl()))
                .withTimeouts(CALL_TIMEOUT, ATTEMPT_TIMEOUT);
    }
}
