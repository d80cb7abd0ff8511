package io.github.mfaenroll.compliance;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records of fields, as RFC 4180 defines them: fields in double quotes may hold commas, line
 * breaks and doubled quotes ({@code ""}); records end with CRLF or LF. IAM quotes fields that need it (a user name
 * may contain a comma), so splitting lines on commas is not enough.
 *
 * <p>One record at a time ({@link #next()}): a credential report of 50,000 users is over a million fields, and the
 * parser needs only the record it is reading.
 */
final class CsvRecords {

    private final String text;
    private int position;
    private int recordsRead;

    CsvRecords(String text) {
        this.text = text;
    }

    /** Every record at once (tests and small inputs). */
    static List<List<String>> read(String text) {
        CsvRecords reader = new CsvRecords(text);
        List<List<String>> records = new ArrayList<>();
        for (List<String> record = reader.next(); record != null; record = reader.next()) {
            records.add(record);
        }
        return records;
    }

    /** The next record's fields; null after the last one. */
    List<String> next() {
        if (position >= text.length()) {
            return null;
        }
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean afterQuotedField = false;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (quoted) {
                if (c == '"' && position + 1 < text.length() && text.charAt(position + 1) == '"') {
                    field.append('"');
                    position += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                    afterQuotedField = true;
                } else {
                    field.append(c);
                }
                position++;
                continue;
            }
            if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                afterQuotedField = false;
            } else if (c == '\n' || c == '\r') {
                record.add(field.toString());
                position += c == '\r' && position + 1 < text.length() && text.charAt(position + 1) == '\n' ? 2 : 1;
                recordsRead++;
                return record;
            } else if (afterQuotedField) {
                throw new UnreadableCredentialReport("text after a closing quote in record " + (recordsRead + 1));
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else {
                field.append(c);
            }
            position++;
        }
        if (quoted) {
            throw new UnreadableCredentialReport("a quoted field is not closed in record " + (recordsRead + 1));
        }
        record.add(field.toString());
        recordsRead++;
        return record;
    }
}
