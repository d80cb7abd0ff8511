package io.github.mfaenroll.iam;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS accounts this deployment serves ({@code MFA_ACCOUNTS}: the app's own account, a list, or every active
 * account of the organization) and an {@link IamGateway} for each. Everything above {@code iam/} asks this directory
 * for an account's gateway; nothing above it knows how the account is reached (its own credentials, or
 * {@code sts:AssumeRole} into the member role with credentials that renew themselves).
 */
public interface AccountDirectory {

    /** The account the app's own credentials belong to. */
    Account own();

    /** Every configured account, the own one included when it is configured, ordered by id. */
    List<Account> accounts();

    /** Whether more than one account is configured (pages and the CLI then name the account). */
    default boolean severalAccounts() {
        return accounts().size() > 1;
    }

    /** The configured account with this id, if any. */
    default Optional<Account> byId(AccountId id) {
        return accounts().stream().filter(a -> a.id().equals(id)).findFirst();
    }

    /** How a sentence names the account ({@link Account#describe()}); its bare id when it is not configured. */
    default String describe(AccountId id) {
        return byId(id).map(Account::describe).orElse(id.value());
    }

    /** The configured account with this id or alias; {@link UnknownAccount} when none is. */
    default Account find(String idOrAlias) {
        return accounts().stream().filter(a -> a.isNamed(idOrAlias)).findFirst()
                .orElseThrow(() -> new UnknownAccount(idOrAlias));
    }

    /** The gateway staff actions and background jobs use in this account. */
    IamGateway iam(AccountId account);

    /** The gateway the enrollment wizard uses in this account (its own share of the account's IAM budget). */
    IamGateway employeeIam(AccountId account);

    /** Whether the account can be reached now, with AWS's reason when it cannot. */
    Reachability reachability(AccountId account);

    /**
     * The users named {@code name} in every account, the own account first: one {@code GetUser} per account (the
     * helpdesk's lookup, a CLI command's user, a company sign-in by user name). An account that cannot answer is
     * listed as such; "no such user" is no failure.
     */
    default UsersNamed usersNamed(String name) {
        List<Account> ordered = new ArrayList<>(accounts());
        ordered.sort(Comparator.comparing((Account a) -> !a.own()).thenComparing(Account::id));
        List<AccountUser> found = new ArrayList<>();
        Map<Account, IamFailure> unanswered = new LinkedHashMap<>();
        for (Account account : ordered) {
            try {
                found.add(new AccountUser(account.id(), iam(account.id()).getUser(name).userName()));
            } catch (IamFailure e) {
                if (e.kind() != IamFailure.Kind.NO_SUCH_ENTITY) {
                    unanswered.put(account, e);
                }
            }
        }
        return new UsersNamed(found, unanswered);
    }
}
