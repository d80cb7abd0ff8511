package io.github.mfaenroll.iam.simulator;

import java.util.Map;

/**
 * The organization {@code serve --demo} runs against: {@link DemoAccount} as the management account
 * ({@code demo-corp}, unchanged) and two member accounts, each with one console user without MFA and one with a
 * virtual MFA device bound outside the app. alice also has a user in {@code demo-dev}, with the same email tag as in
 * {@code demo-corp}: a company sign-in then matches her in both accounts.
 */
public final class DemoOrganization {

    public static final String MANAGEMENT_ID = DemoAccount.ACCOUNT_ID;
    public static final String MANAGEMENT_ALIAS = DemoAccount.ALIAS;
    public static final String DEV_ID = "234567890123";
    public static final String DEV_ALIAS = "demo-dev";
    public static final String PROD_ID = "345678901234";
    public static final String PROD_ALIAS = "demo-prod";

    /** demo-dev: erin has a console password and no MFA; frank has both. */
    public static final String DEV_USER_WITHOUT_MFA = "erin";
    public static final String DEV_USER_WITH_MFA = "frank";
    /** demo-prod: grace has a console password and no MFA; heidi has both. */
    public static final String PROD_USER_WITHOUT_MFA = "grace";
    public static final String PROD_USER_WITH_MFA = "heidi";

    private DemoOrganization() {
    }

    /** Seeds the three accounts into a simulator built for {@link #MANAGEMENT_ID}. */
    public static void seed(IamSimulator simulator) {
        DemoAccount.seed(simulator);

        SimulatorAccount dev = simulator.addAccount(DEV_ID, DEV_ALIAS);
        dev.addUser("alice", true, Map.of("email", "alice@example.com"));
        dev.addUser(DEV_USER_WITHOUT_MFA, true, Map.of("email", "erin@example.com"));
        dev.addUser(DEV_USER_WITH_MFA, true, Map.of("email", "frank@example.com"));
        dev.addAssignedVirtualDevice(DEV_USER_WITH_MFA, "frank-phone");

        SimulatorAccount prod = simulator.addAccount(PROD_ID, PROD_ALIAS);
        prod.addUser(PROD_USER_WITHOUT_MFA, true, Map.of("email", "grace@example.com"));
        prod.addUser(PROD_USER_WITH_MFA, true, Map.of("email", "heidi@example.com"));
        prod.addAssignedVirtualDevice(PROD_USER_WITH_MFA, "heidi-phone");
    }
}
