package io.github.mfaenroll.iam;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static io.github.mfaenroll.iam.IamWire.action;
import static io.github.mfaenroll.iam.IamWire.error;
import static io.github.mfaenroll.iam.IamWire.ok;
import static io.github.mfaenroll.iam.IamWire.page;
import static io.github.mfaenroll.iam.IamWire.param;
import static io.github.mfaenroll.iam.IamWire.requested;
import static io.github.mfaenroll.iam.IamWire.userFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import io.github.mfaenroll.iam.IamFailure.Kind;
import io.github.mfaenroll.iam.IamGateway.AssignmentStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The read side of the gateway against IAM's documented XML answers. */
class AwsIamGatewayReadsTest extends WireMockIamTest {

    @Nested
    class GetUser {

        @Test
        void mapsTheUserAndAsksForTheNamedOne() {
            wiremock.stubFor(action("GetUser").willReturn(ok("GetUser", "<User>" + userFields("alice") + "</User>")));

            IamUser user = gateway.getUser("alice");

            assertThat(user)
                    .isEqualTo(new IamUser("alice", "AIDAALICEEXAMPLE", "arn:aws:iam::123456789012:user/alice",
                            Instant.parse("2024-01-15T09:30:00Z")));
            wiremock.verify(1, requested("GetUser").withRequestBody(containing(param("UserName", "alice"))));
        }

        @Test
        void withTagsMapsTheUserAndTheTagsOfTheSameAnswer() {
            wiremock.stubFor(action("GetUser").willReturn(ok("GetUser", "<User>" + userFields("alice")
                    + "<Tags><member><Key>email</Key><Value>alice@example.com</Value></member>"
                    + "<member><Key>team</Key><Value></Value></member></Tags></User>")));

            TaggedUser user = gateway.getUserWithTags("alice");

            assertThat(user.user())
                    .isEqualTo(new IamUser("alice", "AIDAALICEEXAMPLE", "arn:aws:iam::123456789012:user/alice",
                            Instant.parse("2024-01-15T09:30:00Z")));
            assertThat(user.tags()).isEqualTo(Map.of("email", "alice@example.com", "team", ""));
            wiremock.verify(1, requested("GetUser").withRequestBody(containing(param("UserName", "alice"))));
            wiremock.verify(0, requested("ListUserTags"));
        }

        @Test
        void unknownUserIsNoSuchEntityWithIamsCodeAndRequestId() {
            wiremock.stubFor(action("GetUser").willReturn(error(404, "NoSuchEntity", "req-nse-1")));

            IamFailure failure = catchThrowableOfType(IamFailure.class, () -> gateway.getUser("ghost"));

            assertThat(failure).extracting(IamFailure::kind, IamFailure::awsErrorCode, IamFailure::awsRequestId)
                    .containsExactly(Kind.NO_SUCH_ENTITY, "NoSuchEntity", "req-nse-1");
            assertThat(failure.action()).isEqualTo("GetUser");
        }
    }

    @Nested
    class HasConsolePassword {

        @Test
        void isTrueWhenTheUserHasALoginProfile() {
            wiremock.stubFor(action("GetLoginProfile").willReturn(ok("GetLoginProfile",
                    "<LoginProfile><UserName>alice</UserName><CreateDate>2024-01-15T09:30:00Z</CreateDate>"
                            + "<PasswordResetRequired>false</PasswordResetRequired></LoginProfile>")));

            boolean result = gateway.hasConsolePassword("alice");

            assertThat(result).isTrue();
            wiremock.verify(1, requested("GetLoginProfile").withRequestBody(containing(param("UserName", "alice"))));
        }

        @Test
        void isFalseWhenIamSaysNoSuchEntity() {
            wiremock.stubFor(action("GetLoginProfile").willReturn(error(404, "NoSuchEntity", "req-nolp")));

            boolean result = gateway.hasConsolePassword("bob");

            assertThat(result).isFalse();
        }

        @Test
        void otherFailuresAreNotMistakenForNoPassword() {
            wiremock.stubFor(action("GetLoginProfile").willReturn(error(403, "AccessDenied", "req-denied")));

            IamFailure failure = catchThrowableOfType(IamFailure.class, () -> gateway.hasConsolePassword("bob"));

            assertThat(failure.kind()).isEqualTo(Kind.ACCESS_DENIED);
        }
    }

    @Nested
    class ListUsers {

        @Test
        void followsTheMarkerToTheLastPage() {
            wiremock.stubFor(action("ListUsers").withRequestBody(notContaining("Marker=")).willReturn(ok("ListUsers",
                    "<Users><member>" + userFields("alice") + "</member><member>" + userFields("bob") + "</member>"
                            + "</Users>" + page("users-page-2"))));
            wiremock.stubFor(action("ListUsers").withRequestBody(containing("Marker=users-page-2")).willReturn(
                    ok("ListUsers", "<Users><member>" + userFields("carol") + "</member></Users>" + page(null))));

            var users = gateway.listUsers();

            assertThat(users).extracting(IamUser::userName).containsExactly("alice", "bob", "carol");
            wiremock.verify(2, requested("ListUsers"));
        }

        @Test
        void asksForIamsLargestPageOnEveryCall() {
            wiremock.stubFor(action("ListUsers").withRequestBody(notContaining("Marker=")).willReturn(ok("ListUsers",
                    "<Users><member>" + userFields("alice") + "</member></Users>" + page("users-page-2"))));
            wiremock.stubFor(action("ListUsers").withRequestBody(containing("Marker=users-page-2")).willReturn(
                    ok("ListUsers", "<Users><member>" + userFields("carol") + "</member></Users>" + page(null))));

            gateway.listUsers();

            wiremock.verify(2, requested("ListUsers").withRequestBody(containing(param("MaxItems", "1000"))));
        }
    }

    @Nested
    class ListUserTags {

        @Test
        void collectsTagsFromEveryPage() {
            wiremock.stubFor(action("ListUserTags").withRequestBody(notContaining("Marker=")).willReturn(ok(
                    "ListUserTags", "<Tags><member><Key>email</Key><Value>alice@example.com</Value></member></Tags>"
                            + page("tags-2"))));
            wiremock.stubFor(action("ListUserTags").withRequestBody(containing("Marker=tags-2")).willReturn(ok(
                    "ListUserTags", "<Tags><member><Key>team</Key><Value>payments</Value></member></Tags>"
                            + page(null))));

            var tags = gateway.listUserTags("alice");

            assertThat(tags).containsExactly(entry("email", "alice@example.com"), entry("team", "payments"));
            wiremock.verify(2, requested("ListUserTags").withRequestBody(containing(param("UserName", "alice"))));
        }
    }

    @Nested
    class AccountAlias {

        @Test
        void isTheFirstAlias() {
            wiremock.stubFor(action("ListAccountAliases").willReturn(ok("ListAccountAliases",
                    "<IsTruncated>false</IsTruncated><AccountAliases><member>example-corp</member></AccountAliases>")));

            var alias = gateway.accountAlias();

            assertThat(alias).contains("example-corp");
        }

        @Test
        void isEmptyWhenNoneIsSet() {
            wiremock.stubFor(action("ListAccountAliases").willReturn(ok("ListAccountAliases",
                    "<IsTruncated>false</IsTruncated><AccountAliases/>")));

            var alias = gateway.accountAlias();

            assertThat(alias).isEmpty();
        }
    }

    @Nested
    class ListMfaDevices {

        @Test
        void readsSerialsAndEnableDatesFromEveryPage() {
            wiremock.stubFor(action("ListMFADevices").withRequestBody(notContaining("Marker=")).willReturn(ok(
                    "ListMFADevices", "<MFADevices><member><UserName>alice</UserName>"
                            + "<SerialNumber>arn:aws:iam::123456789012:mfa/alice-phone</SerialNumber>"
                            + "<EnableDate>2024-03-01T10:15:30Z</EnableDate></member></MFADevices>"
                            + page("mfa-2"))));
            wiremock.stubFor(action("ListMFADevices").withRequestBody(containing("Marker=mfa-2")).willReturn(ok(
                    "ListMFADevices", "<MFADevices><member><UserName>alice</UserName>"
                            + "<SerialNumber>arn:aws:iam::123456789012:u2f/user/alice/key-1</SerialNumber>"
                            + "<EnableDate>2024-04-02T08:00:00Z</EnableDate></member></MFADevices>" + page(null))));

            var devices = gateway.listMfaDevices("alice");

            assertThat(devices).containsExactly(
                    new MfaDevice("arn:aws:iam::123456789012:mfa/alice-phone", Instant.parse("2024-03-01T10:15:30Z")),
                    new MfaDevice("arn:aws:iam::123456789012:u2f/user/alice/key-1",
                            Instant.parse("2024-04-02T08:00:00Z")));
            wiremock.verify(2, requested("ListMFADevices").withRequestBody(containing(param("UserName", "alice"))));
        }
    }

    @Nested
    class ListVirtualMfaDevices {

        @Test
        void takesTheUserNameFromTheAssignedUserAndFollowsTheMarker() {
            wiremock.stubFor(action("ListVirtualMFADevices").withRequestBody(notContaining("Marker=")).willReturn(ok(
                    "ListVirtualMFADevices", "<IsTruncated>true</IsTruncated><Marker>v-2</Marker>"
                            + "<VirtualMFADevices><member>"
                            + "<SerialNumber>arn:aws:iam::123456789012:mfa/alice-phone</SerialNumber>"
                            + "<EnableDate>2024-03-01T10:15:30Z</EnableDate>"
                            + "<User>" + userFields("alice") + "</User></member></VirtualMFADevices>")));
            wiremock.stubFor(action("ListVirtualMFADevices").withRequestBody(containing("Marker=v-2")).willReturn(ok(
                    "ListVirtualMFADevices", "<IsTruncated>false</IsTruncated><VirtualMFADevices><member>"
                            + "<SerialNumber>arn:aws:iam::123456789012:mfa/abandoned</SerialNumber>"
                            + "</member></VirtualMFADevices>")));

            var devices = gateway.listVirtualMfaDevices(AssignmentStatus.ANY);

            assertThat(devices).containsExactly(
                    new VirtualMfaDevice("arn:aws:iam::123456789012:mfa/alice-phone", "alice",
                            Instant.parse("2024-03-01T10:15:30Z")),
                    new VirtualMfaDevice("arn:aws:iam::123456789012:mfa/abandoned", null, null));
            wiremock.verify(2, requested("ListVirtualMFADevices").withRequestBody(containing("AssignmentStatus=Any")));
        }

        @Test
        void sendsTheAssignmentFilter() {
            wiremock.stubFor(action("ListVirtualMFADevices").willReturn(ok("ListVirtualMFADevices",
                    "<IsTruncated>false</IsTruncated><VirtualMFADevices/>")));

            var devices = gateway.listVirtualMfaDevices(AssignmentStatus.UNASSIGNED);

            assertThat(devices).isEmpty();
            wiremock.verify(1, requested("ListVirtualMFADevices")
                    .withRequestBody(containing("AssignmentStatus=Unassigned")));
        }
    }
}
