package io.github.mfaenroll.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mfaenroll.iam.AccountSettings.Source;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code MFA_ACCOUNTS}, the member role and the endpoints, read from the environment. */
class AccountSettingsTest {

    @ParameterizedTest(name = "MFA_ACCOUNTS=\"{0}\" is {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "''                                       | SELF         | ''",
            "self                                     | SELF         | ''",
            "' Organization '                         | ORGANIZATION | ''",
            "234567890123                             | LIST         | 234567890123",
            "'345678901234, 234567890123'             | LIST         | 345678901234 234567890123",
            "'123456789012,234567890123,345678901234' | LIST         | 123456789012 234567890123 345678901234"})
    void whereTheAccountsComeFrom(String value, Source source, String listed) {

        AccountSettings settings = AccountSettings.from(Map.of("MFA_ACCOUNTS", value));

        assertThat(settings.source()).isEqualTo(source);
        assertThat(settings.listed()).extracting(AccountId::value)
                .isEqualTo(listed.isEmpty() ? List.of() : Arrays.asList(listed.split(" ")));
    }

    @ParameterizedTest(name = "MFA_ACCOUNTS=\"{0}\" is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "everything                   | 'everything' is not an account id",
            "12345678901                  | '12345678901' is not an account id",
            "'234567890123,'              | '' is not an account id",
            "'234567890123;345678901234'  | is not an account id",
            "'234567890123, 234567890123' | lists account 234567890123 twice"})
    void aBadAccountsValueSaysWhatIsWrong(String value, String problem) {

        assertThatThrownBy(() -> AccountSettings.from(Map.of("MFA_ACCOUNTS", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("MFA_ACCOUNTS ").hasMessageContaining(problem);
    }

    @Test
    void defaultsAreTodaysBehaviourWithTheMfaEnrollRole() {

        AccountSettings settings = AccountSettings.from(Map.of());

        assertThat(settings).isEqualTo(AccountSettings.self());
        assertThat(settings.memberRole()).isEqualTo("mfa-enroll");
        assertThat(settings.externalId()).isNull();
        assertThat(settings.stsEndpoint()).isNull();
        assertThat(settings.organizationsEndpoint()).isNull();
    }

    @Test
    void theMemberRoleNamesTheRoleInEachAccountAndPartition() {

        AccountSettings settings = AccountSettings.from(Map.of("MFA_MEMBER_ROLE", "security/mfa-enroll"));

        assertThat(settings.roleArn("aws", new AccountId("234567890123")))
                .isEqualTo("arn:aws:iam::234567890123:role/security/mfa-enroll");
        assertThat(settings.roleArn("aws-cn", new AccountId("234567890123")))
                .isEqualTo("arn:aws-cn:iam::234567890123:role/security/mfa-enroll");
    }

    @ParameterizedTest(name = "{0}=\"{1}\" is refused")
    @CsvSource(delimiter = '|', value = {
            "MFA_MEMBER_ROLE             | 'mfa enroll'",
            "MFA_MEMBER_ROLE             | /mfa-enroll",
            "MFA_MEMBER_ROLE_EXTERNAL_ID | x",
            "MFA_MEMBER_ROLE_EXTERNAL_ID | 'has space'",
            "MFA_STS_ENDPOINT            | sts.example.com",
            "MFA_ORGANIZATIONS_ENDPOINT  | ftp://organizations.example.com"})
    void aBadValueNamesItsVariable(String variable, String value) {

        assertThatThrownBy(() -> AccountSettings.from(Map.of(variable, value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(variable + " must be");
    }

    @Test
    void theExternalIdIsNeverInTheMessageNorInToString() {
        String secretish = "corp ext id";

        assertThatThrownBy(() -> AccountSettings.from(Map.of("MFA_MEMBER_ROLE_EXTERNAL_ID", secretish)))
                .hasMessageNotContaining(secretish);
        assertThat(AccountSettings.from(Map.of("MFA_MEMBER_ROLE_EXTERNAL_ID", "corp-7f3a")).toString())
                .doesNotContain("corp-7f3a").contains("externalId=set");
    }

    @Test
    void bothEndpointsFollowTheIamEndpointUnlessSetThemselves() {

        AccountSettings one = AccountSettings.from(Map.of("MFA_IAM_ENDPOINT", "http://127.0.0.1:4566"));
        AccountSettings each = AccountSettings.from(Map.of("MFA_IAM_ENDPOINT", "http://127.0.0.1:4566",
                "MFA_STS_ENDPOINT", "https://sts.eu-west-1.amazonaws.com",
                "MFA_ORGANIZATIONS_ENDPOINT", "https://organizations.us-east-1.amazonaws.com"));

        assertThat(one.stsEndpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
        assertThat(one.organizationsEndpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
        assertThat(each.stsEndpoint()).isEqualTo(URI.create("https://sts.eu-west-1.amazonaws.com"));
        assertThat(each.organizationsEndpoint())
                .isEqualTo(URI.create("https://organizations.us-east-1.amazonaws.com"));
    }
}
