package io.github.mfaenroll.totp;

/** What both verifiers accept as typed input, and how wide a window either may be given. */
final class CodeInput {

    /** A wider window makes guessing easier and blurs the clock diagnosis; RFC 6238 §5.2 recommends one step. */
    static final int MAX_WINDOW_STEPS = 10;

    private CodeInput() {
    }

    /** Refuses a window outside 0 to {@link #MAX_WINDOW_STEPS}. */
    static int requireWindow(int acceptedWindowSteps) {
        if (acceptedWindowSteps < 0 || acceptedWindowSteps > MAX_WINDOW_STEPS) {
            throw new IllegalArgumentException("acceptedWindowSteps must be 0 to " + MAX_WINDOW_STEPS);
        }
        return acceptedWindowSteps;
    }

    /** The code with every kind of space removed: phones and copy-paste insert no-break spaces and tabs. */
    static String withoutSpaces(String code) {
        StringBuilder kept = new StringBuilder();
        if (code != null) {
            code.codePoints()
                    .filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c))
                    .forEach(kept::appendCodePoint);
        }
        return kept.toString();
    }
}
