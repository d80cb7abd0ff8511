package io.github.mfaenroll.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComplianceCsvTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "alice|alice",
            "=cmd|'=cmd",
            "+sum|'+sum",
            "-dash|'-dash",
            "@ops|'@ops",
            "~\tx~|~'\tx~",
            "a,b|~\"a,b\"~",
            "=a,b|~\"'=a,b\"~",
            "say\"hi|~\"say\"\"hi\"~",
            "arn:aws:iam::1:user/=x|arn:aws:iam::1:user/=x"})
    void cellsCannotBecomeFormulasAndAreQuotedWhenNeeded(String value, String expected) {

        assertThat(ComplianceCsv.cell(value)).isEqualTo(expected);
    }

    @Test
    void writesAHeaderAndOneLinePerUser() {
        List<UserCompliance> users = List.of(
                new UserCompliance("alice", "arn:aws:iam::1:user/alice", ComplianceCategory.NON_COMPLIANT, true, false,
                        Instant.parse("2025-06-01T08:15:00Z")),
                new UserCompliance("dave", "arn:aws:iam::1:user/dave", ComplianceCategory.NO_CONSOLE_PASSWORD, false,
                        false, null));

        String csv = ComplianceCsv.write(users);

        assertThat(csv).isEqualTo("""
                user,arn,category,password_enabled,mfa_active,password_last_used
                alice,arn:aws:iam::1:user/alice,NON_COMPLIANT,true,false,2025-06-01T08:15:00Z
                dave,arn:aws:iam::1:user/dave,NO_CONSOLE_PASSWORD,false,false,
                """);
    }
}
