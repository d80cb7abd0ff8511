package io.github.mfaenroll.compliance;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * The compliance rows as CSV, for the export and {@code report}: a header, then one line per user (LF line ends).
 *
 * <p>Safe to open in a spreadsheet: a cell starting with {@code = + - @}, tab or carriage return would be read as a
 * formula (CSV injection), and IAM user names may start with {@code = + - @}; such cells get a leading
 * {@code '} (OWASP's advice), which spreadsheets hide. Cells with a comma, quote or line break are quoted (RFC 4180).
 */
public final class ComplianceCsv {

    public static final String HEADER = "user,arn,category,password_enabled,mfa_active,password_last_used";
    /**
     * The header when the rows say which account they belong to (every account's rows in one file): the two account
     * columns first, then {@link #HEADER}'s columns unchanged, so a reader of the one-account shape finds its columns
     * by name.
     */
    public static final String ACCOUNTS_HEADER = "account_id,account_alias," + HEADER;

    private ComplianceCsv() {
    }

    public static String write(List<UserCompliance> users) {
        StringWriter out = new StringWriter(HEADER.length() + users.size() * 96);
        write(users, out);
        return out.toString();
    }

    /** Writes each row as it comes: the export and {@code report} never hold the whole CSV. */
    public static void write(Iterable<UserCompliance> users, Writer out) {
        try {
            out.append(HEADER).append('\n');
            for (UserCompliance user : users) {
                row(user, out);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every reported account's users that pass the filter, each row starting with the account's id and alias (empty
     * when it has none), under {@link #ACCOUNTS_HEADER}. Accounts without a report have no rows: the caller says why.
     */
    public static void writeAccounts(List<AccountStanding> standings, ComplianceFilter filter, Writer out) {
        try {
            out.append(ACCOUNTS_HEADER).append('\n');
            for (AccountStanding standing : standings) {
                if (!standing.reported()) {
                    continue;
                }
                String account = standing.account().id().value() + ","
                        + cell(standing.account().alias() == null ? "" : standing.account().alias()) + ",";
                for (UserCompliance user : standing.report().select(filter)) {
                    out.append(account);
                    row(user, out);
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void row(UserCompliance user, Writer out) throws IOException {
        out.append(cell(user.user())).append(',')
                .append(cell(user.arn())).append(',')
                .append(user.category().name()).append(',')
                .append(String.valueOf(user.passwordEnabled())).append(',')
                .append(String.valueOf(user.mfaActive())).append(',')
                .append(user.passwordLastUsed() == null ? "" : user.passwordLastUsed().toString())
                .append('\n');
    }

    static String cell(String value) {
        String safe = value;
        if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe;
        }
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            safe = '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
