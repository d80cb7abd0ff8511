package io.github.mfaenroll.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IamConnectionTest {

    @Test
    void defaultsToTheGlobalEndpointAndTheDefaultCredentialChain() {
        IamConnection connection = IamConnection.defaults();

        assertThat(connection.endpointOverride()).isNull();
        assertThat(connection.region()).isEqualTo("aws-global");
        assertThat(connection.credentials()).isNull();
        assertThat(connection.attemptTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(connection.callTimeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void localEndpointUsesDummyCredentialsNeverRealOnes() {
        IamConnection connection = IamConnection.forLocalEndpoint(URI.create("http://127.0.0.1:4599"));

        var credentials = connection.credentials().resolveCredentials();

        assertThat(connection.endpointOverride()).isEqualTo(URI.create("http://127.0.0.1:4599"));
        assertThat(credentials.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(credentials.secretAccessKey()).isEqualTo("local");
    }

    @Test
    void blankRegionMeansGlobal() {
        IamConnection connection = new IamConnection(null, " ", null, Duration.ofSeconds(2), Duration.ofSeconds(1));

        assertThat(connection.region()).isEqualTo("aws-global");
    }

    @Test
    void withTimeoutsKeepsEverythingElse() {
        IamConnection local = IamConnection.forLocalEndpoint(URI.create("http://127.0.0.1:4599"));

        IamConnection faster = local.withTimeouts(Duration.ofSeconds(3), Duration.ofMillis(500));

        assertThat(faster.callTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(faster.attemptTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(faster.endpointOverride()).isEqualTo(local.endpointOverride());
        assertThat(faster.credentials()).isSameAs(local.credentials());
    }

    @Test
    void rejectsNonPositiveTimeouts() {
        assertThatThrownBy(() -> IamConnection.defaults().withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
