package io.github.mfaenroll.compliance;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records of fields, as RFC 4180 defines them: fields in double quotes may hold commas, line
 * breaks and doubled quotes ({@code ""}); records end with CRLF or LF. IAM quotes fields that need it (a user name
 * may contain a comma), so splitting lines on commas is not enough.
 */
final class CsvRecords {

    private CsvRecords() {
    }

    static List<List<String>> read(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean afterQuotedField = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                    afterQuotedField = true;
                } else {
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                afterQuotedField = false;
            } else if (c == '\n' || c == '\r') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                afterQuotedField = false;
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (afterQuotedField) {
                throw new UnreadableCredentialReport("text after a closing quote in record " + (records.size() + 1));
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else {
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new UnreadableCredentialReport("a quoted field is not closed in record " + (records.size() + 1));
        }
        if (!field.isEmpty() || !record.isEmpty() || afterQuotedField) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
