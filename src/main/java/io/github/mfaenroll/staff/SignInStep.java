package io.github.mfaenroll.staff;

import io.github.mfaenroll.identity.Role;
import java.time.Instant;

/** The outcome of one step of a local helpdesk sign-in ({@link HelpdeskAccounts}). */
public sealed interface SignInStep {

    /**
     * The password was right; the browser is not signed in yet. {@code pendingToken} goes into a short-lived cookie
     * and names the pending sign-in (only its hash is stored); the code step comes next.
     */
    record SecondFactorNeeded(String pendingToken) implements SignInStep {
        @Override
        public String toString() {
            return "SecondFactorNeeded[redacted]";
        }
    }

    /** Both factors were right: start a session for this account. */
    record SignedIn(String accountName, Role role) implements SignInStep {
    }

    /**
     * A company sign-in of staff passed the app's own second factor: start a session for {@code principal} with
     * {@code role}, acting on {@code iamUser} (may be null).
     */
    record SecondFactorPassed(String principal, Role role, String iamUser) implements SignInStep {
        @Override
        public String toString() {
            return "SecondFactorPassed[" + principal + ", " + role + "]";
        }
    }

    /** The step was refused for {@code reason}; the user may try again. */
    record Refused(Reason reason) implements SignInStep {
    }

    /**
     * Too many attempts: the account (or name) is locked, or the client address exceeded its rate. The same answer
     * for both, so it tells nothing about which names exist.
     */
    record TooManyAttempts(Instant retryAt) implements SignInStep {
    }

    /** Why a step was refused. */
    enum Reason {
        /** Unknown name or wrong password: deliberately one reason, so the answer does not tell which. */
        WRONG_NAME_OR_PASSWORD,
        /** The code is not the current one (or not six digits). */
        WRONG_CODE,
        /** The code was already used for a sign-in; wait for the next one. */
        CODE_ALREADY_USED,
        /** No pending sign-in for this browser (never started, expired, or already finished): start again. */
        START_AGAIN,
        /** The password was right, but the account has no authenticator yet: it is set up through its setup link. */
        SETUP_LINK_NEEDED,
        /** The setup link is unknown, already used, revoked or expired. */
        SETUP_LINK_UNUSABLE,
        /** The setup link names another principal than the company sign-in it was used with. */
        SETUP_LINK_OTHER_PRINCIPAL
    }
}
