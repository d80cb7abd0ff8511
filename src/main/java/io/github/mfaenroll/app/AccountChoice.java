package io.github.mfaenroll.app;

import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.UnknownAccount;
import io.github.mfaenroll.iam.UsersNamed;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which account's user a CLI command means. With {@code --account} that account (its id or alias); without it, the
 * one account that has a user of this name: a name found in several accounts is refused with the list, because
 * alice in dev and alice in prod may be different people and a link must reach the right one.
 */
final class AccountChoice {

    private AccountChoice() {
    }

    /** The user as IAM spells it in the chosen account; {@link IamFailure} NO_SUCH_ENTITY when nowhere. */
    static AccountUser userFor(AccountDirectory accounts, String name, String accountOption) {
        if (accountOption != null) {
            Account account;
            try {
                account = accounts.find(accountOption.strip());
            } catch (UnknownAccount e) {
                throw new OperatorError("--account " + accountOption + " is none of the configured accounts ("
                        + labels(accounts.accounts()) + "); see `accounts`.");
            }
            return new AccountUser(account.id(), accounts.iam(account.id()).getUser(name).userName());
        }
        if (!accounts.severalAccounts()) {
            Account own = accounts.own();
            return new AccountUser(own.id(), accounts.iam(own.id()).getUser(name).userName());
        }
        UsersNamed named = accounts.usersNamed(name);
        List<AccountUser> found = named.found();
        List<Account> holding = found.stream()
                .map(user -> accounts.byId(user.account()).orElseThrow(() -> new UnknownAccount(user.account().value())))
                .toList();
        if (found.size() > 1) {
            throw new OperatorError("IAM user " + name + " exists in several accounts: " + labels(holding)
                    + ". Say which with --account ID_OR_ALIAS.");
        }
        if (!named.unanswered().isEmpty()) {
            // An account could not be asked: "not found", or "only in this account", might be wrong.
            throw named.unanswered().values().iterator().next();
        }
        if (found.isEmpty()) {
            throw new IamFailure(IamFailure.Kind.NO_SUCH_ENTITY, "GetUser", "NoSuchEntity", null, null);
        }
        return found.get(0);
    }

    private static String labels(List<Account> accounts) {
        return accounts.stream().map(Account::describe)
                .collect(Collectors.joining(", "));
    }
}
