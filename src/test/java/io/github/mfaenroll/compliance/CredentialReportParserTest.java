package io.github.mfaenroll.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CredentialReportParserTest {

    /** IAM's header as of today (22 columns). */
    private static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,"
            + "password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
            + "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
            + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
            + "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,"
            + "cert_2_active,cert_2_last_rotated";
    private static final String TAIL = ",false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
    private static final String ACCOUNT = "arn:aws:iam::123456789012:";

    /** A full IAM row: name, ARN, password flag, password_last_used, mfa flag. */
    private static String row(String user, String arn, String passwordEnabled, String lastUsed, String mfa) {
        return user + "," + arn + ",2024-01-15T09:30:00+00:00," + passwordEnabled + "," + lastUsed + ",N/A,N/A," + mfa
                + TAIL;
    }

    private static CredentialReportRow only(String csv) {
        List<CredentialReportRow> rows = CredentialReportParser.parse(csv);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    static Stream<Arguments> rows() {
        Instant used = Instant.parse("2025-06-01T08:15:00Z");
        return Stream.of(
                arguments("console password, never used, no MFA",
                        row("alice", ACCOUNT + "user/alice", "true", "no_information", "false"),
                        new CredentialReportRow("alice", ACCOUNT + "user/alice", false, true, null, false)),
                arguments("console password used, with MFA",
                        row("carol", ACCOUNT + "user/carol", "true", "2025-06-01T08:15:00+00:00", "true"),
                        new CredentialReportRow("carol", ACCOUNT + "user/carol", false, true, used, true)),
                arguments("a time with another offset",
                        row("carol", ACCOUNT + "user/carol", "true", "2025-06-01T10:15:00+02:00", "true"),
                        new CredentialReportRow("carol", ACCOUNT + "user/carol", false, true, used, true)),
                arguments("a time in Z form",
                        row("carol", ACCOUNT + "user/carol", "true", "2025-06-01T08:15:00Z", "false"),
                        new CredentialReportRow("carol", ACCOUNT + "user/carol", false, true, used, false)),
                arguments("no console password (N/A)",
                        row("dave", ACCOUNT + "user/dave", "false", "N/A", "false"),
                        new CredentialReportRow("dave", ACCOUNT + "user/dave", false, false, null, false)),
                arguments("flags in capitals, as IAM's guide writes them",
                        row("erin", ACCOUNT + "user/erin", "TRUE", "N/A", "FALSE"),
                        new CredentialReportRow("erin", ACCOUNT + "user/erin", false, true, null, false)),
                arguments("the root account with MFA",
                        row("<root_account>", ACCOUNT + "root", "not_supported", "2025-06-01T08:15:00+00:00", "true"),
                        new CredentialReportRow("<root_account>", ACCOUNT + "root", true, false, used, true)),
                arguments("the root account without MFA",
                        row("<root_account>", ACCOUNT + "root", "not_supported", "no_information", "false"),
                        new CredentialReportRow("<root_account>", ACCOUNT + "root", true, false, null, false)),
                arguments("a user name with a comma, quoted",
                        row("\"a,b\"", "\"" + ACCOUNT + "user/a,b\"", "true", "N/A", "false"),
                        new CredentialReportRow("a,b", ACCOUNT + "user/a,b", false, true, null, false)),
                arguments("a quoted field with a doubled quote",
                        row("\"say\"\"hi\"", ACCOUNT + "user/x", "false", "N/A", "true"),
                        new CredentialReportRow("say\"hi", ACCOUNT + "user/x", false, false, null, true)),
                arguments("a user name starting with =",
                        row("=cmd", ACCOUNT + "user/=cmd", "true", "N/A", "false"),
                        new CredentialReportRow("=cmd", ACCOUNT + "user/=cmd", false, true, null, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void readsEachKindOfRow(String description, String line, CredentialReportRow expected) {

        CredentialReportRow row = only(HEADER + "\n" + line + "\n");

        assertThat(row).isEqualTo(expected);
    }

    @Nested
    class Layout {

        @Test
        void findsColumnsByNameWhenReorderedAndIgnoresExtraOnes() {
            String csv = "mfa_active,some_future_column,arn,password_enabled,user\n"
                    + "true,whatever,arn:aws:iam::1:user/carol,true,carol\n";

            CredentialReportRow row = only(csv);

            assertThat(row).isEqualTo(new CredentialReportRow("carol", "arn:aws:iam::1:user/carol", false, true, null,
                    true));
        }

        @Test
        void readsCrlfLineEndsAByteOrderMarkAndNoFinalLineEnd() {
            String csv = "\uFEFFuser,arn,password_enabled,mfa_active\r\nalice,arn:a,true,false\r\nbob,arn:b,false,true";

            List<CredentialReportRow> rows = CredentialReportParser.parse(csv);

            assertThat(rows).extracting(CredentialReportRow::user).containsExactly("alice", "bob");
        }

        @Test
        void skipsBlankLines() {
            String csv = HEADER + "\n\n" + row("alice", "arn:a", "true", "N/A", "false") + "\n\n";

            assertThat(CredentialReportParser.parse(csv)).hasSize(1);
        }

        @Test
        void keepsALineBreakInsideAQuotedField() {
            String csv = "user,arn,password_enabled,mfa_active\n\"two\nlines\",arn:a,true,false\n";

            assertThat(only(csv).user()).isEqualTo("two\nlines");
        }

        @Test
        void readsTheWholeReportInOrder() {
            String csv = HEADER + "\n"
                    + row("<root_account>", ACCOUNT + "root", "not_supported", "no_information", "false") + "\n"
                    + row("alice", ACCOUNT + "user/alice", "true", "no_information", "false") + "\n"
                    + row("dave", ACCOUNT + "user/dave", "false", "N/A", "false") + "\n";

            List<CredentialReportRow> rows = CredentialReportParser.parse(csv);

            assertThat(rows).extracting(CredentialReportRow::user).containsExactly("<root_account>", "alice", "dave");
        }

        @Test
        void withoutPasswordLastUsedStillReadsTheRest() {
            String csv = "user,arn,password_enabled,mfa_active\nalice,arn:a,true,false\n";

            assertThat(only(csv).passwordLastUsed()).isNull();
        }
    }

    static Stream<Arguments> unreadable() {
        String minimal = "user,arn,password_enabled,mfa_active\n";
        return Stream.of(
                arguments("empty text", "", "the report is empty"),
                arguments("a row with too few fields", minimal + "alice,arn:a,true\n", "row 2 has 3 fields"),
                arguments("a row with too many fields", minimal + "alice,arn:a,true,false,x\n", "row 2 has 5 fields"),
                arguments("a flag that is neither true nor false", minimal + "alice,arn:a,yes,false\n",
                        "row 2: password_enabled is neither true nor false"),
                arguments("mfa_active unknown", minimal + "alice,arn:a,true,unknown\n",
                        "row 2: mfa_active is neither true nor false"),
                arguments("a time that is not ISO 8601",
                        HEADER + "\n" + row("alice", "arn:a", "true", "yesterday", "false"),
                        "row 2: password_last_used is not an ISO 8601 time"),
                arguments("an empty user name", minimal + ",arn:a,true,false\n", "row 2 has no user name"),
                arguments("an unclosed quote", minimal + "\"alice,arn:a,true,false\n", "a quoted field is not closed"),
                arguments("text after a closing quote", minimal + "\"alice\"x,arn:a,true,false\n",
                        "text after a closing quote"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadable")
    void refusesAMalformedReportWithAReasonAndNoCellContent(String description, String csv, String reason) {

        UnreadableCredentialReport e = catchThrowableOfType(UnreadableCredentialReport.class,
                () -> CredentialReportParser.parse(csv));

        assertThat(e).hasMessageContaining(reason);
        assertThat(e.getMessage()).doesNotContain("yesterday").doesNotContain("unknown");
        assertThat(e.missingColumns()).isEmpty();
    }

    static Stream<Arguments> missingColumns() {
        return Stream.of(
                arguments("user,arn,password_enabled\nalice,arn:a,true\n", List.of("mfa_active")),
                arguments("user,arn,mfa_active\nalice,arn:a,true\n", List.of("password_enabled")),
                arguments("name,arn,password,mfa\nalice,arn:a,true,false\n",
                        List.of("user", "password_enabled", "mfa_active")),
                arguments("<html>Service Unavailable</html>\n",
                        List.of("user", "arn", "password_enabled", "mfa_active")));
    }

    @ParameterizedTest
    @MethodSource("missingColumns")
    void refusesAReportWithoutTheRequiredColumnsAndNamesThem(String csv, List<String> missing) {

        UnreadableCredentialReport e = catchThrowableOfType(UnreadableCredentialReport.class,
                () -> CredentialReportParser.parse(csv));

        assertThat(e.missingColumns()).containsExactlyElementsOf(missing);
        assertThat(e).hasMessageContaining(String.join(", ", missing));
    }
}
