package io.github.mfaenroll.iam.simulator;

import java.util.Map;

/**
 * The account {@code serve --demo} runs against: one of each case the app must handle.
 * <ul>
 *   <li>alice, bob: console password, no MFA yet (the people the wizard is for);</li>
 *   <li>carol: console password and a virtual MFA device someone bound outside the app (the app must show it
 *       and never delete it);</li>
 *   <li>dave: no console password (the CIS control does not apply to him).</li>
 * </ul>
 * The account alias is {@code demo-corp}; users carry an {@code email} tag, as the OIDC mapping expects.
 */
public final class DemoAccount {

    public static final String ACCOUNT_ID = "123456789012";
    public static final String ALIAS = "demo-corp";
    /**
     * The file in the data directory that keeps the demo account, so {@code serve --demo} and every CLI command run
     * with {@code --demo} in the same directory see the same users and devices. To start afresh, stop the server,
     * then delete it (a running server would write its account back). It holds the whole {@link DemoOrganization};
     * the name changed when the member accounts came, so a file from before (one account) is left alone, not read.
     */
    public static final String FILE_NAME = "demo-aws-organization.json";
    /** The name of carol's pre-existing device. */
    public static final String CAROL_DEVICE_NAME = "carol-phone";

    private DemoAccount() {
    }

    /** Seeds the demo users into a simulator built for {@link #ACCOUNT_ID}. */
    public static void seed(IamSimulator simulator) {
        simulator.setAccountAlias(ALIAS);
        simulator.addUser("alice", true, Map.of("email", "alice@example.com"));
        simulator.addUser("bob", true, Map.of("email", "bob@example.com"));
        simulator.addUser("carol", true, Map.of("email", "carol@example.com"));
        simulator.addAssignedVirtualDevice("carol", CAROL_DEVICE_NAME);
        simulator.addUser("dave", false, Map.of("email", "dave@example.com"));
    }
}
