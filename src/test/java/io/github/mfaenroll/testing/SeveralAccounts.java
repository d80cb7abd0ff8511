package io.github.mfaenroll.testing;

import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.AwsIamGateway;
import io.github.mfaenroll.iam.IamConnection;
import io.github.mfaenroll.iam.IamGateway;
import io.github.mfaenroll.iam.Reachability;
import io.github.mfaenroll.iam.UnknownAccount;
import io.github.mfaenroll.iam.simulator.DemoAccount;
import io.github.mfaenroll.iam.simulator.IamSimulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Three AWS accounts, each its own IAM simulator reached through the real SDK gateway, behind a small
 * {@link AccountDirectory}: the own demo account ({@code 123456789012}, {@code demo-corp}, the demo users), a member
 * account {@code 234567890123} ({@code demo-dev}) and a member account {@code 345678901234} ({@code demo-prod}) whose
 * role cannot be assumed, so it is unreachable with {@link #UNREACHABLE_REASON}. Test plumbing over real gateways, not
 * a mock of the app's logic (the organization's real directory, with STS, is built in {@code iam/}).
 */
public final class SeveralAccounts implements AccountDirectory, AutoCloseable {

    public static final AccountId OWN = new AccountId(DemoAccount.ACCOUNT_ID);
    public static final AccountId DEV = new AccountId("234567890123");
    public static final AccountId PROD = new AccountId("345678901234");
    public static final String UNREACHABLE_REASON = "AccessDenied: User: arn:aws:sts::123456789012:assumed-role/"
            + "mfa-enroll/app is not authorized to perform: sts:AssumeRole on resource: "
            + "arn:aws:iam::345678901234:role/mfa-enroll";

    private final Map<AccountId, Account> accounts = new LinkedHashMap<>();
    private final Map<AccountId, IamSimulator> simulators = new LinkedHashMap<>();
    private final Map<AccountId, AwsIamGateway> gateways = new LinkedHashMap<>();

    /**
     * The three accounts: demo-corp seeded as the demo is (alice, bob without MFA, carol with it, dave without a
     * console password; root without MFA); demo-dev with erin and frank (console passwords) of whom frank has MFA, and
     * a root user with MFA; demo-prod with users that are never read.
     */
    public SeveralAccounts(MutableClock clock) {
        IamSimulator own = add(new Account(OWN, DemoAccount.ALIAS, true), new IamSimulator(clock, OWN.value()).start());
        DemoAccount.seed(own);
        IamSimulator dev = add(new Account(DEV, "demo-dev", false), new IamSimulator(clock, DEV.value()).start());
        dev.setAccountAlias("demo-dev");
        dev.addUser("erin", true, Map.of());
        dev.addUser("frank", true, Map.of());
        dev.addAssignedVirtualDevice("frank", "frank-phone");
        dev.setRootMfaActive(true);
        IamSimulator prod = add(new Account(PROD, "demo-prod", false), new IamSimulator(clock, PROD.value()).start());
        prod.addUser("grace", true, Map.of());
    }

    private IamSimulator add(Account account, IamSimulator simulator) {
        accounts.put(account.id(), account);
        simulators.put(account.id(), simulator);
        gateways.put(account.id(), AwsIamGateway.connect(IamConnection.forLocalEndpoint(simulator.endpoint())));
        return simulator;
    }

    public IamSimulator simulator(AccountId account) {
        return simulators.get(account);
    }

    @Override
    public Account own() {
        return accounts.get(OWN);
    }

    @Override
    public List<Account> accounts() {
        return new ArrayList<>(accounts.values());
    }

    @Override
    public IamGateway iam(AccountId account) {
        AwsIamGateway gateway = gateways.get(account);
        if (gateway == null) {
            throw new UnknownAccount(account.value());
        }
        return gateway;
    }

    @Override
    public IamGateway employeeIam(AccountId account) {
        return iam(account);
    }

    @Override
    public Reachability reachability(AccountId account) {
        iam(account);
        return account.equals(PROD) ? Reachability.unreachable(UNREACHABLE_REASON) : Reachability.REACHABLE;
    }

    @Override
    public void close() {
        gateways.values().forEach(AwsIamGateway::close);
        simulators.values().forEach(IamSimulator::close);
    }
}
