package io.github.mfaenroll.helpdesk;

/**
 * Why the compliance view has no report to show. The web layer maps it to a page once ({@code ErrorPages}); the
 * command line prints the same sentence. {@link #reference()} is also in the log line that has the details.
 */
public final class ComplianceProblem extends RuntimeException {

    /** What went wrong, in words a helpdesk agent can act on. */
    public enum Kind {
        /** IAM busy, throttling or unreachable: try again in a minute. */
        IAM_UNAVAILABLE,
        /** The app's IAM role may not generate or read the credential report. */
        IAM_ACCESS_DENIED,
        /** IAM answered with an error we do not expect here. */
        IAM_FAILED,
        /** IAM was still generating the report when we stopped waiting. */
        REPORT_NOT_READY,
        /** The report lacks columns the view needs ({@link #detail()} names them). */
        REPORT_MISSING_COLUMNS,
        /** The report could not be read (details in the log). */
        REPORT_UNREADABLE
    }

    private final Kind kind;
    private final String reference;
    private final String detail;

    ComplianceProblem(Kind kind, String reference, String detail, Throwable cause) {
        super(kind + " [" + reference + "]", cause);
        this.kind = kind;
        this.reference = reference;
        this.detail = detail == null ? "" : detail;
    }

    public Kind kind() {
        return kind;
    }

    public String reference() {
        return reference;
    }

    /** The missing column names for {@link Kind#REPORT_MISSING_COLUMNS}; empty otherwise. */
    public String detail() {
        return detail;
    }

    /** Whether trying again later may work (and a {@code Retry-After} makes sense). */
    public boolean transientProblem() {
        return kind == Kind.IAM_UNAVAILABLE || kind == Kind.REPORT_NOT_READY;
    }
}
