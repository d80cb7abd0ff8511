package io.github.mfaenroll.iam;

/** An account id or alias that names none of the accounts this deployment serves. */
public final class UnknownAccount extends RuntimeException {

    private final String requested;

    public UnknownAccount(String requested) {
        super("No configured AWS account is named " + requested);
        this.requested = requested;
    }

    /** The id or alias that was asked for (never secret: ids and aliases are shown on every page). */
    public String requested() {
        return requested;
    }
}
