package io.github.mfaenroll.compliance;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads IAM's credential report (CSV, RFC 4180 quoting) into rows. Pure: text in, rows out.
 *
 * <p>Columns are found by their header name, so extra or reordered columns (IAM has added some over the years) do
 * no harm; a report without one of {@link #REQUIRED_COLUMNS} is refused. Values IAM writes instead of a time
 * ({@code N/A}, {@code no_information}, {@code not_supported}) read as "no time". A value that is neither true nor
 * false where a flag belongs, or a row with the wrong number of fields, makes the whole report unreadable: a
 * compliance list is only useful when it is complete.
 */
public final class CredentialReportParser {

    /** The user name IAM gives the account's root user in the report. */
    public static final String ROOT_USER = "<root_account>";
    static final List<String> REQUIRED_COLUMNS = List.of("user", "arn", "password_enabled", "mfa_active");
    private static final String PASSWORD_LAST_USED = "password_last_used";
    private static final List<String> NO_TIME = List.of("", "n/a", "no_information", "not_supported");

    private CredentialReportParser() {
    }

    /** The report's rows in the report's order, the root row included. */
    public static List<CredentialReportRow> parse(String csv) {
        List<CredentialReportRow> rows = new ArrayList<>();
        parse(csv, rows::add);
        return List.copyOf(rows);
    }

    /**
     * Hands each row to {@code each} as it is read, in the report's order, the root row included; only one record's
     * fields are held at a time. A row that cannot be read throws after the rows before it were handed out: callers
     * that must not show half a report collect before they show.
     */
    public static void parse(String csv, Consumer<CredentialReportRow> each) {
        CsvRecords records = new CsvRecords(csv);
        List<String> header = records.next();
        if (header == null) {
            throw new UnreadableCredentialReport("the report is empty");
        }
        Map<String, Integer> columns = columnsByName(header);
        List<String> missing = REQUIRED_COLUMNS.stream().filter(c -> !columns.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new UnreadableCredentialReport("the report lacks the column(s) " + String.join(", ", missing),
                    missing);
        }
        int rowNumber = 1;
        for (List<String> record = records.next(); record != null; record = records.next()) {
            rowNumber++;
            if (record.size() == 1 && record.get(0).isBlank()) {
                continue;
            }
            if (record.size() != header.size()) {
                throw new UnreadableCredentialReport("row " + rowNumber + " has " + record.size()
                        + " fields, the header " + header.size());
            }
            each.accept(row(new Fields(record, columns, rowNumber)));
        }
    }

    private static CredentialReportRow row(Fields fields) {
        String user = fields.get("user");
        if (user.isEmpty()) {
            throw new UnreadableCredentialReport("row " + fields.rowNumber + " has no user name");
        }
        boolean root = ROOT_USER.equals(user);
        // The root row says not_supported here: root always has a password, but the CIS check is about IAM users.
        boolean passwordEnabled = !root && fields.flag("password_enabled");
        Instant lastUsed = fields.has(PASSWORD_LAST_USED) ? fields.time(PASSWORD_LAST_USED) : null;
        return new CredentialReportRow(user, fields.get("arn"), root, passwordEnabled, lastUsed,
                fields.flag("mfa_active"));
    }

    private static Map<String, Integer> columnsByName(List<String> header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip().toLowerCase(Locale.ROOT);
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            columns.putIfAbsent(name, i);
        }
        return columns;
    }

    /** One record with its columns looked up by name. */
    private record Fields(List<String> values, Map<String, Integer> columns, int rowNumber) {

        boolean has(String column) {
            return columns.containsKey(column);
        }

        String get(String column) {
            return values.get(columns.get(column)).strip();
        }

        /** IAM writes {@code true}/{@code false} (its documentation says TRUE/FALSE): either case is accepted. */
        boolean flag(String column) {
            String value = get(column).toLowerCase(Locale.ROOT);
            return switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new UnreadableCredentialReport(
                        "row " + rowNumber + ": " + column + " is neither true nor false");
            };
        }

        Instant time(String column) {
            String value = get(column);
            if (NO_TIME.contains(value.toLowerCase(Locale.ROOT))) {
                return null;
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new UnreadableCredentialReport("row " + rowNumber + ": " + column + " is not an ISO 8601 time");
            }
        }
    }
}
