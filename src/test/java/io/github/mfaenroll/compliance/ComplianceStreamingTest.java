package io.github.mfaenroll.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code report} and the exports write each row as it is produced: the output reaches its destination while rows are
 * still being handed over, rather than all at the end from a copy of everything (checked without timing: the rows
 * come from an iterator that looks at what the destination has received so far). The output itself is the same as
 * the one-string form's, which the shape tests pin.
 */
class ComplianceStreamingTest {

    private static final int USERS = 20_000;
    private static final ComplianceReport REPORT = new ComplianceReport(Instant.parse("2026-11-23T10:00:00Z"),
            ComplianceReport.RootMfa.ACTIVE, users());

    private static List<UserCompliance> users() {
        List<UserCompliance> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String name = String.format("user-%05d", i);
            users.add(new UserCompliance(name, "arn:aws:iam::123456789012:user/" + name,
                    ComplianceCategory.NON_COMPLIANT, true, false, null));
        }
        return users;
    }

    /** The report's users, each handed over only after noting how much of the output had arrived by then. */
    private static final class Watched implements Iterable<UserCompliance> {
        private final StringWriter destination;
        private final List<Integer> arrivedBefore = new ArrayList<>();

        Watched(StringWriter destination) {
            this.destination = destination;
        }

        @Override
        public Iterator<UserCompliance> iterator() {
            Iterator<UserCompliance> users = REPORT.users().iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return users.hasNext();
                }

                @Override
                public UserCompliance next() {
                    arrivedBefore.add(destination.getBuffer().length());
                    return users.next();
                }
            };
        }

        /** Characters that had arrived when the last row was asked for. */
        int arrivedBeforeLastRow() {
            return arrivedBefore.get(arrivedBefore.size() - 1);
        }
    }

    @Test
    void theParserHandsOutEachRowAsItReadsIt() {
        String csv = """
                user,arn,password_enabled,mfa_active
                alice,arn:aws:iam::1:user/alice,true,false
                bob,arn:aws:iam::1:user/bob,false,false
                carol,arn:aws:iam::1:user/carol,maybe,false
                """;
        List<String> handedOut = new ArrayList<>();

        assertThatThrownBy(() -> CredentialReportParser.parse(csv, row -> handedOut.add(row.user())))
                .isInstanceOf(UnreadableCredentialReport.class)
                .hasMessage("row 4: password_enabled is neither true nor false");

        // The view collects every row before it shows any (ComplianceReport.read): a bad row still refuses the report.
        assertThat(handedOut).containsExactly("alice", "bob");
    }

    @Test
    void theCsvReachesItsDestinationRowByRow() {
        StringWriter destination = new StringWriter();
        Watched users = new Watched(destination);

        ComplianceCsv.write(users, destination);

        String whole = destination.toString();
        assertThat(whole).isEqualTo(ComplianceCsv.write(REPORT.users()));
        // Everything but the last row had arrived before the last row was asked for.
        assertThat(users.arrivedBeforeLastRow()).isEqualTo(whole.length() - whole.lines()
                .reduce((first, second) -> second).orElseThrow().length() - 1);
    }

    @Test
    void theJsonReachesItsDestinationAsItIsWritten() {
        StringWriter destination = new StringWriter();
        Watched users = new Watched(destination);

        ComplianceJson.write(REPORT, users, destination);

        String whole = destination.toString();
        assertThat(whole).isEqualTo(ComplianceJson.write(REPORT, REPORT.users()));
        // Jackson hands its buffer (a few kilobytes) over as it fills: almost all had arrived before the last row.
        assertThat(users.arrivedBeforeLastRow()).isGreaterThan(whole.length() - 16_384);
    }
}
