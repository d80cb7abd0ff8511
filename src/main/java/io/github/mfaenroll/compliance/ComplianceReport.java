package io.github.mfaenroll.compliance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The compliance view of one credential report: every IAM user with a category, the root user's MFA status, and
 * counts. The root user is not one of the users: it is reported on its own and never counted.
 *
 * @param generatedAt when IAM generated the report (IAM makes a new one at most every four hours)
 * @param users sorted by name, case-insensitively
 */
public record ComplianceReport(Instant generatedAt, RootMfa rootMfa, List<UserCompliance> users) {

    /** The root user's MFA, from the report's {@code <root_account>} row. */
    public enum RootMfa { ACTIVE, NOT_ACTIVE, NOT_IN_REPORT }

    /**
     * @param users all IAM users in the report (the root user excluded)
     * @param withConsolePassword users with a console password: those the CIS control applies to
     * @param withConsolePasswordAndMfa of those, the ones with MFA: the compliant ones
     */
    public record Counts(int users, int nonCompliant, int compliantWithMfa, int noConsolePassword,
                         int withConsolePassword, int withConsolePasswordAndMfa) {

        /** The count of one category. */
        public int of(ComplianceCategory category) {
            return switch (category) {
                case NON_COMPLIANT -> nonCompliant;
                case COMPLIANT_WITH_MFA -> compliantWithMfa;
                case NO_CONSOLE_PASSWORD -> noConsolePassword;
            };
        }
    }

    public ComplianceReport {
        users = users.stream()
                .sorted(Comparator.comparing((UserCompliance u) -> u.user().toLowerCase(Locale.ROOT))
                        .thenComparing(UserCompliance::user))
                .toList();
    }

    /** Builds the view from the parsed report. */
    public static ComplianceReport from(Instant generatedAt, List<CredentialReportRow> rows) {
        Rows collected = new Rows(rows.size());
        rows.forEach(collected);
        return collected.report(generatedAt);
    }

    /**
     * Reads IAM's CSV straight into the view: each row becomes a {@link UserCompliance} as it is parsed, so the
     * report's fields are never all held at once next to the users (throws {@link UnreadableCredentialReport}).
     */
    public static ComplianceReport read(Instant generatedAt, String csv) {
        Rows collected = new Rows(Math.max(16, csv.length() / 200)); // IAM's rows are about 200 characters
        CredentialReportParser.parse(csv, collected);
        return collected.report(generatedAt);
    }

    /** The root row's MFA, and every other row as a user. */
    private static final class Rows implements Consumer<CredentialReportRow> {
        private RootMfa root = RootMfa.NOT_IN_REPORT;
        private final List<UserCompliance> users;

        Rows(int expected) {
            users = new ArrayList<>(expected);
        }

        @Override
        public void accept(CredentialReportRow row) {
            if (row.root()) {
                root = row.mfaActive() ? RootMfa.ACTIVE : RootMfa.NOT_ACTIVE;
            } else {
                users.add(UserCompliance.of(row));
            }
        }

        ComplianceReport report(Instant generatedAt) {
            return new ComplianceReport(generatedAt, root, users);
        }
    }

    public Counts counts() {
        int nonCompliant = 0;
        int withMfa = 0;
        int noPassword = 0;
        int withPassword = 0;
        int withPasswordAndMfa = 0;
        for (UserCompliance user : users) {
            switch (user.category()) {
                case NON_COMPLIANT -> nonCompliant++;
                case COMPLIANT_WITH_MFA -> withMfa++;
                case NO_CONSOLE_PASSWORD -> noPassword++;
            }
            if (user.passwordEnabled()) {
                withPassword++;
                if (user.mfaActive()) {
                    withPasswordAndMfa++;
                }
            }
        }
        return new Counts(users.size(), nonCompliant, withMfa, noPassword, withPassword, withPasswordAndMfa);
    }

    /**
     * Users with a console password who have MFA, as a percentage of all users with a console password, rounded
     * down to one decimal: 99.96 % shows as 99.9 %, never as 100 % while someone is still missing MFA. 100 when
     * nobody has a console password (nobody the control applies to is missing MFA).
     */
    public double percentCompliant() {
        Counts counts = counts();
        return Coverage.percent(counts.withConsolePasswordAndMfa(), counts.withConsolePassword());
    }

    /** The users the filter lets through, in name order. */
    public List<UserCompliance> select(ComplianceFilter filter) {
        return users.stream().filter(filter::matches).toList();
    }
}
