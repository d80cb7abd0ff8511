package io.github.mfaenroll.iam;

import java.util.List;
import java.util.Map;

/**
 * The IAM users of one name across the accounts a deployment serves: one per account that has one (IAM's spelling,
 * which ignores case), and the accounts that could not be asked, with why. Alice in dev and alice in prod may be one
 * person or two; each caller decides what several mean.
 */
public record UsersNamed(List<AccountUser> found, Map<Account, IamFailure> unanswered) {

    public UsersNamed {
        found = List.copyOf(found);
        unanswered = Map.copyOf(unanswered);
    }
}
