package io.github.mfaenroll.iam;

import java.time.Instant;

/**
 * What {@code GetCredentialReport} returns: the CSV text (base64 already removed) and when IAM generated it. IAM
 * makes a new report at most every four hours, so {@code generatedAt} is what tells a reader how fresh it is.
 */
public record CredentialReportContent(String csv, Instant generatedAt) {

    @Override
    public String toString() {
        // The CSV has a row per user: too long for a log line, and nobody needs it there.
        return "CredentialReportContent[generatedAt=" + generatedAt + ", " + csv.length() + " characters]";
    }
}
