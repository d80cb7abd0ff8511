package io.github.mfaenroll.api;

import io.github.mfaenroll.helpdesk.UserDetailsService;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.UnknownAccount;
import io.github.mfaenroll.iam.UsersNamed;
import java.util.List;
import java.util.Map;

/**
 * Which account's IAM user an API call means, the same way for every endpoint that names a user: the named account's
 * when the call names one (by id or alias), else the one account that has a user of this name. Every refusal is an
 * {@link ApiRequestRefused}.
 */
public record ApiUserChoice(AccountDirectory accounts, UserDetailsService details) {

    /** An account as the API shows it. @param alias null when the account has none */
    public record AccountJson(String id, String alias) {
    }

    /** How a client names the account: a query parameter on some endpoints, a member of the body on others. */
    public enum AccountNamedBy {
        QUERY("?account=ID_OR_ALIAS"),
        BODY("\"account\": \"ID_OR_ALIAS\" in the body");

        private final String howTo;

        AccountNamedBy(String howTo) {
            this.howTo = howTo;
        }
    }

    /**
     * The account's user the request means. A name in several accounts is AMBIGUOUS_USER with the list: alice in dev
     * and alice in prod may be different people, and an integration must say which one it means. An account that could
     * not be asked is IAM_UNAVAILABLE: "not found", or "only in this account", might be wrong. The user of a named
     * account is not looked up here: the service that acts on it does that.
     *
     * @param account the account as the request named it, or null/blank
     */
    public AccountUser choose(String name, String account, AccountNamedBy namedBy) {
        if (account != null && !account.isBlank()) {
            try {
                return new AccountUser(accounts.find(account.strip()).id(), name);
            } catch (UnknownAccount e) {
                throw new ApiRequestRefused(ApiRequestRefused.Kind.UNKNOWN_ACCOUNT, "The account names none of the "
                        + "accounts this app serves (give an account id or alias).");
            }
        }
        UsersNamed named = details.lookUp(name);
        List<AccountUser> found = named.found();
        if (found.size() > 1) {
            List<AccountJson> holding = found.stream().map(u -> json(u.account())).toList();
            throw new ApiRequestRefused(ApiRequestRefused.Kind.AMBIGUOUS_USER, "The user name exists in "
                    + found.size() + " accounts; say which with " + namedBy.howTo + ".", Map.of("accounts", holding));
        }
        if (!named.unanswered().isEmpty()) {
            throw new ApiRequestRefused(ApiRequestRefused.Kind.IAM_UNAVAILABLE, "An account could not be asked "
                    + "whether it has a user of this name; try again, or say which account with " + namedBy.howTo + ".");
        }
        if (found.isEmpty()) {
            throw new ApiRequestRefused(ApiRequestRefused.Kind.USER_NOT_FOUND, "No IAM user of this name in the "
                    + "accounts this app serves.");
        }
        return found.get(0);
    }

    /** The account by id and alias (alias null when it has none, or the account is no longer served). */
    public AccountJson json(AccountId account) {
        return accounts.byId(account).map(a -> new AccountJson(a.id().value(), a.alias()))
                .orElse(new AccountJson(account.value(), null));
    }
}
