package io.github.mfaenroll.iam;

import java.util.Objects;

/**
 * An IAM user as the app keys it everywhere (links, enrollments, audit, lockouts, deadlines, URLs): IAM user names
 * are unique only within an account, so alice in one account and alice in another are different people to this app.
 */
public record AccountUser(AccountId account, String name) {

    public AccountUser {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(name, "name");
    }

    public static AccountUser of(String accountId, String name) {
        return new AccountUser(new AccountId(accountId), name);
    }

    @Override
    public String toString() {
        return name + " in " + account.value();
    }
}
