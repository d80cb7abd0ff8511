package io.github.mfaenroll.iam.simulator;

import static io.github.mfaenroll.iam.simulator.SimulatorFixture.errorCode;
import static io.github.mfaenroll.iam.simulator.SimulatorFixture.iamError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListUserTagsResponse;
import software.amazon.awssdk.services.iam.model.LoginProfile;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/** Users, tags, login profiles, the account alias and the demo account, read through the real SDK client. */
class AccountDirectoryTest {

    @RegisterExtension
    final SimulatorFixture fixture = SimulatorFixture.withUsers();


    @Nested
    class Users {

        @Test
        void getUserReturnsPathNameIdArnCreateDateAndTags() {
            fixture.simulator.addUser("alice", true, Map.of("email", "alice@example.com"));

            User user = fixture.iam.getUser(r -> r.userName("alice")).user();

            assertThat(user.path()).isEqualTo("/");
            assertThat(user.userName()).isEqualTo("alice");
            assertThat(user.userId()).matches("AIDA[A-Z2-7]{17}");
            assertThat(user.arn()).isEqualTo("arn:aws:iam::123456789012:user/alice");
            assertThat(user.createDate()).isEqualTo(SimulatorFixture.START);
            assertThat(user.tags()).extracting(Tag::key, Tag::value)
                    .containsExactly(tuple("email", "alice@example.com"));
        }

        @Test
        void getUserFindsNamesRegardlessOfCaseAsIamDoes() {
            fixture.simulator.addUser("Alice", true, Map.of());

            User user = fixture.iam.getUser(r -> r.userName("alice")).user();

            assertThat(user.userName()).isEqualTo("Alice");
            assertThatThrownBy(() -> fixture.simulator.addUser("ALICE", false, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void anUnknownUserIsNoSuchEntity() {
            IamException e = iamError(() -> fixture.iam.getUser(r -> r.userName("nobody")));

            assertThat(errorCode(e)).isEqualTo("NoSuchEntity");
            assertThat(e.statusCode()).isEqualTo(404);
        }

        @Test
        void listUsersPaginatesTwoAtATimeOverFive() {
            List.of("erin", "alice", "dave", "bob", "carol").forEach(name -> fixture.simulator.addUser(name, true, Map.of()));

            List<String> names = fixture.iam.listUsersPaginator(r -> r.maxItems(2)).users().stream()
                    .map(User::userName).toList();

            assertThat(names).containsExactly("alice", "bob", "carol", "dave", "erin");
            assertThat(fixture.simulator.requestCount("ListUsers")).isEqualTo(3);
        }
    }

    @Nested
    class TagsAndLoginProfiles {

        @Test
        void listUserTagsPaginatesTwoAtATimeOverFive() {
            fixture.simulator.addUser("alice", true,
                    Map.of("email", "alice@example.com", "team", "ops", "cost-center", "42", "site", "lyon", "a", "b"));

            List<ListUserTagsResponse> pages = fixture.iam.listUserTagsPaginator(r -> r.userName("alice").maxItems(2))
                    .stream().toList();

            assertThat(pages).hasSize(3);
            Map<String, String> tags = pages.stream().flatMap(page -> page.tags().stream())
                    .collect(Collectors.toMap(Tag::key, Tag::value));
            assertThat(tags).containsOnly(entry("email", "alice@example.com"), entry("team", "ops"),
                    entry("cost-center", "42"), entry("site", "lyon"), entry("a", "b"));
        }

        @Test
        void aUserWithAConsolePasswordHasALoginProfile() {
            fixture.simulator.addUser("alice", true, Map.of());

            LoginProfile profile = fixture.iam.getLoginProfile(r -> r.userName("alice")).loginProfile();

            assertThat(profile.userName()).isEqualTo("alice");
            assertThat(profile.createDate()).isEqualTo(SimulatorFixture.START);
            assertThat(profile.passwordResetRequired()).isFalse();
        }

        @Test
        void aUserWithoutAConsolePasswordHasNoLoginProfile() {
            fixture.simulator.addUser("dave", false, Map.of());

            IamException e = iamError(() -> fixture.iam.getLoginProfile(r -> r.userName("dave")));

            assertThat(errorCode(e)).isEqualTo("NoSuchEntity");
            assertThat(e.statusCode()).isEqualTo(404);
        }
    }

    @Nested
    class AccountAlias {

        @Test
        void isListedOnceSet() {
            fixture.simulator.setAccountAlias("acme-prod");

            List<String> aliases = fixture.iam.listAccountAliases().accountAliases();

            assertThat(aliases).containsExactly("acme-prod");
        }

        @Test
        void isAnEmptyListWhenNoneIsSet() {
            List<String> aliases = fixture.iam.listAccountAliases().accountAliases();

            assertThat(aliases).isEmpty();
        }

        @Test
        void mustFollowIamsAliasRules() {
            assertThatThrownBy(() -> fixture.simulator.setAccountAlias("Not--Valid"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class TheDemoAccount {

        @Test
        void seedsAliceBobCarolAndDaveWithCarolsPreExistingDevice() {
            DemoAccount.seed(fixture.simulator);

            List<String> users = fixture.iam.listUsers().users().stream().map(User::userName).toList();
            String carolsDevice = fixture.simulator.assignedSerials("carol").get(0);

            assertThat(users).containsExactly("alice", "bob", "carol", "dave");
            assertThat(fixture.iam.listAccountAliases().accountAliases()).containsExactly("demo-corp");
            assertThat(fixture.simulator.assignedSerials("alice")).isEmpty();
            assertThat(fixture.simulator.assignedSerials("bob")).isEmpty();
            assertThat(carolsDevice).isEqualTo("arn:aws:iam::123456789012:mfa/" + DemoAccount.CAROL_DEVICE_NAME);
            assertThat(fixture.simulator.seedOf(carolsDevice)).hasValueSatisfying(s -> assertThat(s).hasSize(64));
            assertThat(fixture.iam.listUserTags(r -> r.userName("bob")).tags())
                    .extracting(Tag::value).containsExactly("bob@example.com");
            assertThatThrownBy(() -> fixture.iam.getLoginProfile(r -> r.userName("dave")))
                    .isInstanceOf(IamException.class);
        }
    }
}
