package io.github.mfaenroll.iam.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The account's credential report: generation state and the CSV. Not thread-safe on its own; the account
 * calls it under its lock.
 *
 * <p>Lifecycle, after IAM: the first {@code GenerateCredentialReport} answers STARTED and takes a snapshot;
 * until generation finishes {@code GetCredentialReport} answers {@code ReportInProgress}. Generation finishes
 * when the caller polls {@code GenerateCredentialReport} again (which then answers COMPLETE) or after
 * {@link #GENERATION_TIME} of simulator clock, whichever comes first, so a frozen test clock still works.
 * A report can be regenerated at most every {@link #MAX_AGE}; a report older than that has expired.
 */
final class CredentialReport {

    static final Duration MAX_AGE = Duration.ofHours(4);
    static final Duration GENERATION_TIME = Duration.ofSeconds(5);

    static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,"
            + "password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
            + "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
            + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
            + "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,"
            + "cert_2_active,cert_2_last_rotated";

    /** The simulator models no access keys and no signing certificates: the same tail on every row. */
    private static final String NO_KEYS_NO_CERTS = "false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";

    /** IAM prints report times as ISO 8601 with a numeric offset, e.g. {@code 2014-10-21T21:19:12+00:00}. */
    private static final DateTimeFormatter REPORT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    record Status(String state, String description) {
    }

    record Snapshot(String csv, Instant generatedTime) {
    }

    private Instant pendingSince;
    private String pendingCsv;
    private Instant generatedTime;
    private String csv;

    Status generate(Instant now, Supplier<String> render) {
        finishIfDue(now);
        if (pendingSince != null) {
            finish();
            return new Status("COMPLETE", null);
        }
        if (csv == null || !now.isBefore(generatedTime.plus(MAX_AGE))) {
            String description = csv == null ? "No report exists. Starting a new report generation task"
                    : "The report is older than 4 hours. Starting a new report generation task";
            pendingSince = now;
            pendingCsv = render.get();
            return new Status("STARTED", description);
        }
        return new Status("COMPLETE", null);
    }

    Snapshot get(Instant now) {
        finishIfDue(now);
        if (pendingSince != null) {
            throw new IamError(404, "ReportInProgress", "Report generation in progress. Try again later.");
        }
        if (csv == null) {
            throw new IamError(410, "ReportNotPresent",
                    "Credential report not present. Use GenerateCredentialReport to generate a report.");
        }
        if (!now.isBefore(generatedTime.plus(MAX_AGE))) {
            throw new IamError(410, "ReportExpired",
                    "The credential report has expired. Use GenerateCredentialReport to generate a new report.");
        }
        return new Snapshot(csv, generatedTime);
    }

    private void finishIfDue(Instant now) {
        if (pendingSince != null && !now.isBefore(pendingSince.plus(GENERATION_TIME))) {
            finish();
        }
    }

    private void finish() {
        csv = pendingCsv;
        generatedTime = pendingSince;
        pendingCsv = null;
        pendingSince = null;
    }

    /**
     * The CSV as IAM lays it out: the root row first, then one row per user. The simulator has no password
     * policy (so {@code password_next_rotation} is N/A) and no sign-in history (a console password that exists
     * has {@code password_last_used = no_information}, IAM's value for "never used").
     */
    static String render(String accountId, Instant accountCreated, boolean rootMfaActive,
            List<SimulatedAccount.User> users, Predicate<SimulatedAccount.User> mfaActive) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        out.append("<root_account>,arn:aws:iam::").append(accountId).append(":root,")
                .append(REPORT_TIME.format(accountCreated))
                .append(",not_supported,no_information,not_supported,not_supported,").append(rootMfaActive).append(',')
                .append(NO_KEYS_NO_CERTS).append('\n');
        for (SimulatedAccount.User user : users) {
            boolean password = user.consolePassword();
            out.append(field(user.name())).append(',')
                    .append(field(user.arn())).append(',')
                    .append(REPORT_TIME.format(user.createDate())).append(',')
                    .append(password).append(',')
                    .append(password ? "no_information" : "N/A").append(',')
                    .append(password ? REPORT_TIME.format(user.passwordCreateDate()) : "N/A").append(',')
                    .append("N/A").append(',')
                    .append(mfaActive.test(user)).append(',')
                    .append(NO_KEYS_NO_CERTS).append('\n');
        }
        return out.toString();
    }

    /** User names may contain commas ({@code [\w+=,.@-]+}): quote such fields as RFC 4180 does. */
    private static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
