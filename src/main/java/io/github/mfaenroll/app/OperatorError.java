package io.github.mfaenroll.app;

/**
 * A command cannot go on because of how it was run or configured. The message is what the operator reads: what
 * went wrong and which setting or flag to change. It is printed as it is, without a stack trace.
 */
final class OperatorError extends RuntimeException {

    /** Exit code of a command stopped by its configuration or environment (not by a bug). */
    static final int EXIT_CODE = 2;

    OperatorError(String message) {
        super(message);
    }

    OperatorError(String message, Throwable cause) {
        super(message, cause);
    }
}
