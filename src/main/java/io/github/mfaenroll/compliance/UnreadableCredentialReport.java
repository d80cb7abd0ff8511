package io.github.mfaenroll.compliance;

import java.util.List;

/**
 * A credential report the parser refuses rather than guesses at: a compliance list built from a misread report would
 * be wrong without anyone noticing. The message names columns and row numbers only, never a cell's content.
 */
public final class UnreadableCredentialReport extends RuntimeException {

    private final List<String> missingColumns;

    UnreadableCredentialReport(String reason) {
        this(reason, List.of());
    }

    UnreadableCredentialReport(String reason, List<String> missingColumns) {
        super(reason);
        this.missingColumns = List.copyOf(missingColumns);
    }

    /** The required columns the header lacks; empty when the report is unreadable for another reason. */
    public List<String> missingColumns() {
        return missingColumns;
    }
}
