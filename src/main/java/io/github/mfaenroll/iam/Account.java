package io.github.mfaenroll.iam;

import java.util.Objects;

/**
 * An AWS account this deployment serves.
 *
 * @param id the account id
 * @param alias the IAM account alias (or, before it is known, the organization's name for the account); null when
 *     the account has neither
 * @param own whether it is the account the app's own credentials belong to (reached without {@code sts:AssumeRole})
 */
public record Account(AccountId id, String alias, boolean own) {

    public Account {
        Objects.requireNonNull(id, "id");
        alias = alias == null || alias.isBlank() ? null : alias;
    }

    /** What people read: the alias when there is one, else the id. */
    public String label() {
        return alias != null ? alias : id.value();
    }

    /** How a sentence names it: "alias (id)", or the id when it has no alias. */
    public String describe() {
        return alias != null ? alias + " (" + id.value() + ")" : id.value();
    }

    /** Whether {@code idOrAlias} names this account. */
    public boolean isNamed(String idOrAlias) {
        return id.value().equals(idOrAlias) || (alias != null && alias.equals(idOrAlias));
    }

    /** The same account under another alias. */
    public Account withAlias(String newAlias) {
        return new Account(id, newAlias, own);
    }
}
