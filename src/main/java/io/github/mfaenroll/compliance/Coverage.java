package io.github.mfaenroll.compliance;

/** The one rounding rule for "share of users with a console password who have MFA", wherever it is shown. */
final class Coverage {

    private Coverage() {
    }

    /**
     * {@code withMfa} of {@code withPassword} as a percentage rounded down to one decimal: 99.96 % shows as 99.9 %,
     * never as 100 % while someone is still missing MFA. 100 when nobody has a console password (nobody the control
     * applies to is missing MFA).
     */
    static double percent(long withMfa, long withPassword) {
        if (withPassword == 0) {
            return 100.0;
        }
        return Math.floorDiv(1000L * withMfa, withPassword) / 10.0;
    }
}
