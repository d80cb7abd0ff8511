package io.github.mfaenroll.iam;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static io.github.mfaenroll.iam.IamWire.action;
import static io.github.mfaenroll.iam.IamWire.param;
import static io.github.mfaenroll.iam.IamWire.requested;
import static io.github.mfaenroll.iam.IamWire.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import io.github.mfaenroll.iam.IamFailure.Kind;
import io.github.mfaenroll.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A member account whose role STS refuses, with the real SDK STS client against STS's documented XML: the account is
 * unreachable with STS's own words, its IAM calls fail without reaching IAM, and the request carried what the role's
 * trust policy checks.
 */
class AssumeRoleWireTest extends WireMockIamTest {

    private static final String STS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final AccountId MEMBER = new AccountId("234567890123");
    private static final String DENIED = "User: arn:aws:iam::123456789012:user/app is not authorized to perform: "
            + "sts:AssumeRole on resource: arn:aws:iam::234567890123:role/mfa-enroll";

    private AwsAccountDirectory directory;

    @BeforeEach
    void stubCallerIdentity() {
        wiremock.stubFor(action("GetCallerIdentity").willReturn(xml(200, "<GetCallerIdentityResponse xmlns=\"" + STS
                + "\"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/app</Arn>"
                + "<UserId>AIDAAPPEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
                + "<ResponseMetadata><RequestId>req-gci</RequestId></ResponseMetadata></GetCallerIdentityResponse>")));
    }

    @AfterEach
    void closeDirectory() {
        directory.close();
    }

    private AwsAccountDirectory directory(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("MFA_ACCOUNTS", MEMBER.value());
        env.put("MFA_IAM_ENDPOINT", wiremock.baseUrl());
        // Longer attempts than the gateway tests': a timed-out attempt is sent again, which counting would misread.
        IamConnection connection = connection().withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(5));
        directory = AwsAccountDirectory.connect(AccountSettings.from(env), connection, connection,
                new MutableClock(Instant.parse("2026-11-23T10:00:00Z")));
        return directory;
    }

    @Test
    void aRefusedRoleMakesTheAccountUnreachableWithStsWordsAndItsCallsNeverReachIam() {
        wiremock.stubFor(action("AssumeRole").willReturn(xml(403, "<ErrorResponse xmlns=\"" + STS + "\"><Error>"
                + "<Type>Sender</Type><Code>AccessDenied</Code><Message>" + DENIED + "</Message></Error>"
                + "<RequestId>req-ar</RequestId></ErrorResponse>")));
        directory(Map.of());

        Reachability member = directory.reachability(MEMBER);
        IamFailure failure = catchThrowableOfType(IamFailure.class, () -> directory.iam(MEMBER).getUser("erin"));

        assertThat(member).isEqualTo(Reachability.unreachable("AccessDenied: " + DENIED));
        assertThat(failure.kind()).isEqualTo(Kind.ACCOUNT_UNREACHABLE);
        assertThat(failure.kind().transientFailure()).isFalse();
        assertThat(failure.reason()).isEqualTo("AccessDenied: " + DENIED);
        assertThat(directory.accounts()).containsExactly(new Account(MEMBER, null, false));
        wiremock.verify(0, requested("GetUser"));
        wiremock.verify(0, requested("ListAccountAliases"));
    }

    @Test
    void theRequestNamesTheMemberRoleTheSessionAndTheExternalId() {
        wiremock.stubFor(action("AssumeRole").willReturn(xml(403, "<ErrorResponse xmlns=\"" + STS + "\"><Error>"
                + "<Type>Sender</Type><Code>AccessDenied</Code><Message>no</Message></Error>"
                + "<RequestId>req-ar</RequestId></ErrorResponse>")));
        directory(Map.of("MFA_MEMBER_ROLE", "security/mfa-enroll", "MFA_MEMBER_ROLE_EXTERNAL_ID", "corp-7f3a"));

        directory.reachability(MEMBER);

        wiremock.verify(1, requested("AssumeRole")
                .withRequestBody(containing(param("RoleArn", "arn:aws:iam::234567890123:role/security/mfa-enroll")))
                .withRequestBody(containing(param("RoleSessionName", "mfa-enroll")))
                .withRequestBody(containing(param("ExternalId", "corp-7f3a")))
                .withRequestBody(containing(param("Version", "2011-06-15"))));
    }

    @Test
    void stsNotAnsweringIsATransientFailureNotABrokenRole() {
        wiremock.stubFor(action("AssumeRole").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        directory(Map.of());

        IamFailure failure = catchThrowableOfType(IamFailure.class, () -> directory.iam(MEMBER).getUser("erin"));

        assertThat(failure.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(failure.reason()).startsWith("STS did not answer");
        assertThat(directory.reachability(MEMBER).reachable()).isFalse();
    }
}
