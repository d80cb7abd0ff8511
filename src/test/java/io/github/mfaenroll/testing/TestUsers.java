package io.github.mfaenroll.testing;

import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.simulator.DemoAccount;

/** IAM users of the account most tests run against (the simulator's demo account, {@value DemoAccount#ACCOUNT_ID}). */
public final class TestUsers {

    private TestUsers() {
    }

    /** The user of this name in the tests' account. */
    public static AccountUser user(String name) {
        return AccountUser.of(DemoAccount.ACCOUNT_ID, name);
    }
}
