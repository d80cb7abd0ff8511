package io.github.mfaenroll.enrollment;

import java.time.Instant;

/** What the scan page shows: secret material, so only on a no-store page and never in a log or toString. */
public record ScanDetails(String enrollmentId, String otpauthUri, String groupedKey, String issuer, String accountName,
                          Instant expiresAt) {

    @Override
    public String toString() {
        return "ScanDetails[issuer=" + issuer + ", accountName=" + accountName + ", <secret redacted>]";
    }
}
