package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.iam.AccountUser;

/**
 * The helpdesk's address of one IAM user: {@code /helpdesk/accounts/ACCOUNT/users/NAME}. An IAM user is an account
 * and a name, so the account is in every user URL (alice in dev and alice in prod are different pages).
 */
public final class UserPaths {

    private UserPaths() {
    }

    /** The user page; its actions are below it ({@code …/links}, {@code …/devices/reset}, …). */
    public static String of(AccountUser user) {
        // Only a valid IAM user name reaches a page, and its characters ([\w+=,.@-]) are all safe in a path.
        return "/helpdesk/accounts/" + user.account().value() + "/users/" + user.name();
    }
}
