package io.github.mfaenroll.totp;

/**
 * The outcome of {@link TotpVerifier#verifyPair}: either the pair is accepted, or it is rejected with the one
 * reason the user can act on. See {@link TotpVerifier} for the rules.
 */
public sealed interface PairVerdict {

    /**
     * The first code is TOTP({@code firstStep}) and the second TOTP({@code firstStep + 1}).
     *
     * <p>Store {@link #secondStep()} as the {@code lastAcceptedStep} of the next check, so that no code is accepted
     * twice (RFC 6238 §5.2), not even as the first code of an overlapping pair.
     */
    record Accepted(long firstStep) implements PairVerdict {

        /** The step of the second code, the last one this pair used. */
        public long secondStep() {
            return firstStep + 1;
        }
    }

    /**
     * The pair is refused.
     *
     * @param clockOffsetSeconds for {@link Reason#CLOCK_AHEAD} and {@link Reason#CLOCK_BEHIND}, how far the
     *     authenticator's clock is off: a positive number of seconds, a multiple of the step; otherwise 0
     */
    record Rejected(Reason reason, long clockOffsetSeconds) implements PairVerdict {}

    /** Why a pair was refused, most specific first; each maps to one message for the user. */
    enum Reason {
        /** A code is not exactly six ASCII digits once spaces are removed. */
        NOT_SIX_DIGITS,
        /** The same code was entered twice instead of waiting for the next one. */
        SAME_CODE_TWICE,
        /** Both codes are current but swapped. */
        WRONG_ORDER,
        /** Both codes are from this key but not from two consecutive steps. */
        NOT_CONSECUTIVE,
        /** A correct pair that expired before it was submitted (under two minutes late). */
        TOO_OLD,
        /** A correct pair from the future: the authenticator's clock is fast. */
        CLOCK_AHEAD,
        /** A correct pair two to ten minutes old: the authenticator's clock is slow. */
        CLOCK_BEHIND,
        /** The second code is from this key but the first is not: probably mistyped. */
        FIRST_CODE_WRONG,
        /** The first code is from this key but the second is not: probably mistyped. */
        SECOND_CODE_WRONG,
        /** Neither code is from this key: the app holds another account's key; scan the QR code again. */
        NOT_THIS_KEY,
        /** A correct pair that was accepted before; wait for new codes. */
        ALREADY_USED
    }

    /** Whether this verdict is {@link Accepted}. */
    default boolean accepted() {
        return this instanceof Accepted;
    }
}
