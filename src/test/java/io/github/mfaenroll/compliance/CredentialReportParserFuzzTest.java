package io.github.mfaenroll.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever text arrives as a credential report, the parser either reads it into rows that keep its own promises or
 * refuses it with {@link UnreadableCredentialReport}; any other exception is a bug (the compliance page would show
 * a 500 instead of "AWS sent a report we cannot read").
 */
@Tag("fuzz")
class CredentialReportParserFuzzTest {

    private static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,"
            + "password_last_changed,password_next_rotation,mfa_active,access_key_1_active";

    static Stream<Arguments> reports() {
        return Stream.of(
                HEADER + "\n<root_account>,arn:aws:iam::123456789012:root,2026-01-01T00:00:00+00:00,not_supported,"
                        + "2026-11-01T10:00:00+00:00,not_supported,not_supported,true,false\n"
                        + "alice,arn:aws:iam::123456789012:user/alice,2026-01-01T00:00:00+00:00,true,"
                        + "no_information,2026-01-01T00:00:00+00:00,N/A,false,false\n",
                "\uFEFF" + HEADER + "\r\n\"a,\"\"b\",arn,x,TRUE,N/A,x,x,FALSE,x\r\n\r\n",
                "user,arn,password_enabled,mfa_active\nbob,arn,maybe,true\n",
                "user,arn\n\"unclosed,arn\n",
                "user,arn,password_enabled,mfa_active,password_last_used\ncarol,arn,true,true,+999999999-12-31T23:59:59Z\n",
                "").map(csv -> arguments(named(csv.isEmpty() ? "empty" : csv.lines().findFirst().orElse("blank"), csv)));
    }

    @MethodSource("reports") // Jazzer wants @FuzzTest last
    @FuzzTest(maxDuration = "5s")
    void anyReportIsReadOrRefusedWithItsOwnFailure(@NotNull String csv) {
        List<CredentialReportRow> rows;
        try {
            rows = CredentialReportParser.parse(csv);
        } catch (UnreadableCredentialReport refused) {
            assertThat(refused.getMessage()).isNotBlank();
            assertThat(CredentialReportParser.REQUIRED_COLUMNS).containsAll(refused.missingColumns());
            return;
        }

        assertThat(rows).allSatisfy(row -> {
            assertThat(row.user()).isNotEmpty();
            assertThat(row.root()).isEqualTo(CredentialReportParser.ROOT_USER.equals(row.user()));
            if (row.root()) {
                assertThat(row.passwordEnabled()).isFalse();
            }
        });
        // What the compliance view does next with the rows must not fail either.
        ComplianceReport.from(java.time.Instant.EPOCH, rows);
    }
}
