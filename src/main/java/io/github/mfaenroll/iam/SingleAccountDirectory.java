package io.github.mfaenroll.iam;

import java.util.List;
import java.util.Objects;

/**
 * {@code MFA_ACCOUNTS=self}: the app serves exactly the account its own credentials belong to, reached with those
 * credentials (no {@code sts:AssumeRole}).
 */
public final class SingleAccountDirectory implements AccountDirectory {

    private final Account own;
    private final IamGateway iam;
    private final IamGateway employeeIam;

    public SingleAccountDirectory(Account own, IamGateway iam, IamGateway employeeIam) {
        this.own = Objects.requireNonNull(own, "own");
        this.iam = Objects.requireNonNull(iam, "iam");
        this.employeeIam = Objects.requireNonNull(employeeIam, "employeeIam");
    }

    @Override
    public Account own() {
        return own;
    }

    @Override
    public List<Account> accounts() {
        return List.of(own);
    }

    @Override
    public IamGateway iam(AccountId account) {
        requireOwn(account);
        return iam;
    }

    @Override
    public IamGateway employeeIam(AccountId account) {
        requireOwn(account);
        return employeeIam;
    }

    @Override
    public Reachability reachability(AccountId account) {
        requireOwn(account);
        return Reachability.REACHABLE;
    }

    private void requireOwn(AccountId account) {
        if (!own.id().equals(account)) {
            throw new UnknownAccount(account.value());
        }
    }
}
