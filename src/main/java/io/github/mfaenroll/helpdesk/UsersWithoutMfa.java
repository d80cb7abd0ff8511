package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamGateway;
import io.github.mfaenroll.iam.IamUser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The users the CIS control is about and who fail it: a console password and no MFA device. Asked of IAM directly
 * (ListUsers, then GetLoginProfile and ListMFADevices per user; every call goes through the app's IAM rate limit)
 * rather than from the credential report, which can be up to four hours old: a bulk invitation must not invite
 * someone who enrolled this morning.
 */
public record UsersWithoutMfa(IamGateway iam) {

    /** The outcome: users to invite, and users IAM could not tell us about (with what went wrong). */
    public record Scan(List<String> withoutMfa, Map<String, IamFailure.Kind> unreadable) {
    }

    /**
     * Looks every user up. {@code perUser} runs before each user (the bulk job renews its lease there); listing the
     * users failing throws the {@link IamFailure}, one user failing only puts that user in {@code unreadable}.
     */
    public Scan scan(Runnable perUser) {
        List<IamUser> users = iam.listUsers();
        List<String> withoutMfa = new ArrayList<>();
        Map<String, IamFailure.Kind> unreadable = new LinkedHashMap<>();
        for (IamUser user : users) {
            perUser.run();
            try {
                if (iam.hasConsolePassword(user.userName()) && iam.listMfaDevices(user.userName()).isEmpty()) {
                    withoutMfa.add(user.userName());
                }
            } catch (IamFailure e) {
                if (e.kind() != IamFailure.Kind.NO_SUCH_ENTITY) { // deleted while we looked: nobody to invite
                    unreadable.put(user.userName(), e.kind());
                }
            }
        }
        return new Scan(withoutMfa, unreadable);
    }

    /**
     * Asked again just before one invitation: a paced run reaches the last users long after the scan, and whoever
     * enrolled in between must not be invited. IAM failing here counts as "still without MFA" (the scan said so).
     */
    public boolean stillWithoutMfa(String userName) {
        try {
            return iam.listMfaDevices(userName).isEmpty();
        } catch (IamFailure e) {
            return e.kind() != IamFailure.Kind.NO_SUCH_ENTITY;
        }
    }
}
