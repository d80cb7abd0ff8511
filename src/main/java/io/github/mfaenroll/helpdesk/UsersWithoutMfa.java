package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamGateway.AssignmentStatus;
import io.github.mfaenroll.iam.IamGateway;
import io.github.mfaenroll.iam.IamUser;
import io.github.mfaenroll.iam.VirtualMfaDevice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The users the CIS control is about and who fail it: a console password and no MFA device. Asked of IAM directly
 * rather than from the credential report, which can be up to four hours old: a bulk invitation must not invite
 * someone who enrolled this morning. ListUsers and ListVirtualMFADevices (assigned) list the account a page at a
 * time; only users without a virtual device cost calls of their own (GetLoginProfile, then ListMFADevices for those
 * with a password: a hardware token or security key is not in the virtual list). Every call goes through the app's
 * IAM rate limit, so in an account where most people have MFA the scan is mostly pages, not one call per user.
 */
public record UsersWithoutMfa(AccountDirectory accounts) {

    /** The outcome in one account: users to invite, and users IAM could not tell us about (with what went wrong). */
    public record Scan(List<AccountUser> withoutMfa, Map<AccountUser, IamFailure.Kind> unreadable) {
    }

    /**
     * Looks every user up. {@code perUser} runs before each user (the bulk job renews its lease there); listing the
     * users failing throws the {@link IamFailure}, one user failing only puts that user in {@code unreadable}.
     */
    public Scan scan(AccountId account, Runnable perUser) {
        IamGateway iam = accounts.iam(account);
        List<IamUser> users = iam.listUsers();
        Set<String> withVirtualDevice = iam.listVirtualMfaDevices(AssignmentStatus.ASSIGNED).stream()
                .filter(VirtualMfaDevice::assigned).map(device -> device.userName().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        List<AccountUser> withoutMfa = new ArrayList<>();
        Map<AccountUser, IamFailure.Kind> unreadable = new LinkedHashMap<>();
        for (IamUser user : users) {
            perUser.run();
            if (withVirtualDevice.contains(user.userName().toLowerCase(Locale.ROOT))) {
                continue; // has MFA now; IAM user names ignore case
            }
            try {
                if (iam.hasConsolePassword(user.userName()) && iam.listMfaDevices(user.userName()).isEmpty()) {
                    withoutMfa.add(new AccountUser(account, user.userName()));
                }
            } catch (IamFailure e) {
                if (e.kind() != IamFailure.Kind.NO_SUCH_ENTITY) { // deleted while we looked: nobody to invite
                    unreadable.put(new AccountUser(account, user.userName()), e.kind());
                }
            }
        }
        return new Scan(withoutMfa, unreadable);
    }

    /**
     * Asked again just before one invitation: a paced run reaches the last users long after the scan, and whoever
     * enrolled in between must not be invited. IAM failing here counts as "still without MFA" (the scan said so).
     */
    public boolean stillWithoutMfa(AccountUser user) {
        try {
            return accounts.iam(user.account()).listMfaDevices(user.name()).isEmpty();
        } catch (IamFailure e) {
            return e.kind() != IamFailure.Kind.NO_SUCH_ENTITY;
        }
    }
}
