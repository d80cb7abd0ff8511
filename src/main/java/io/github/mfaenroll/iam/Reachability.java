package io.github.mfaenroll.iam;

/**
 * Whether the app can act in an account right now. An account whose role cannot be assumed is a state shown to
 * people (with AWS's reason), not an error that breaks a page about every account.
 *
 * @param reason AWS's explanation (error code and message) when unreachable; null when reachable
 */
public record Reachability(boolean reachable, String reason) {

    public static final Reachability REACHABLE = new Reachability(true, null);

    public static Reachability unreachable(String reason) {
        return new Reachability(false, reason == null || reason.isBlank() ? "no reason given" : reason);
    }
}
