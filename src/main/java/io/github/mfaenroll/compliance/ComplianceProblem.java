package io.github.mfaenroll.compliance;

import io.github.mfaenroll.text.Explained;
import io.github.mfaenroll.text.ExplainedFailure;

/**
 * Why the compliance view has no report to show. Each kind carries its status and sentence: the error pages show
 * them, the command line prints the same sentence. {@link #reference()} is also in the log line that has the details.
 */
public final class ComplianceProblem extends ExplainedFailure {

    /** What went wrong, in words a helpdesk agent can act on. */
    public enum Kind implements Explained {
        /** IAM busy, throttling or unreachable: try again in a minute. */
        IAM_UNAVAILABLE(503),
        /** The app's IAM role may not generate or read the credential report. */
        IAM_ACCESS_DENIED(502),
        /** IAM answered with an error we do not expect here. */
        IAM_FAILED(502),
        /** IAM was still generating the report when we stopped waiting. */
        REPORT_NOT_READY(503),
        /** The report lacks columns the view needs ({@link #detail()} names them). */
        REPORT_MISSING_COLUMNS(502),
        /** The report could not be read (details in the log). */
        REPORT_UNREADABLE(502);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public String messageKey() {
            return Explained.messageKeyOf("compliance.problem.", this);
        }
    }

    private final String detail;

    ComplianceProblem(Kind kind, String reference, String detail, Throwable cause) {
        super(kind, reference, cause);
        this.detail = detail == null ? "" : detail;
    }

    @Override
    public Kind kind() {
        return (Kind) super.kind();
    }

    /** The missing column names for {@link Kind#REPORT_MISSING_COLUMNS}; empty otherwise. */
    public String detail() {
        return detail;
    }

    /** Whether trying again later may work (and a {@code Retry-After} makes sense). */
    public boolean transientProblem() {
        return kind() == Kind.IAM_UNAVAILABLE || kind() == Kind.REPORT_NOT_READY;
    }
}
