package io.github.mfaenroll.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mfaenroll.helpdesk.UserDetails;
import io.github.mfaenroll.helpdesk.UserDetailsService;
import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.UnknownAccount;
import io.github.mfaenroll.iam.UsersNamed;
import io.github.mfaenroll.web.ApiProblem;
import io.github.mfaenroll.web.BearerAuthentication;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/users/{name}[?account=ID_OR_ALIAS]}: one IAM user's MFA state and devices, read by the same
 * service as the helpdesk's user page. Serials, types and dates only: never a seed, never the user's links or audit
 * history (those stay in the console).
 */
public record ApiUsersController(AccountDirectory accounts, UserDetailsService details) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The user as the API shows it. */
    record UserJson(AccountJson account, String user, String arn, boolean consolePassword, boolean mfaActive,
                    List<DeviceJson> devices, int deviceLimit, EnrollmentJson enrollment) {
    }

    /** @param alias null when the account has none */
    record AccountJson(String id, String alias) {
    }

    /** @param type {@code VIRTUAL}, {@code HARDWARE_TOTP} or {@code SECURITY_KEY} */
    record DeviceJson(String serial, String type, String enabledAt) {
    }

    /** The running (or latest) enrollment by state: no seed, no code. */
    record EnrollmentJson(String state, boolean active, String startedAt, String expiresAt) {
    }

    public void user(Context ctx) {
        String name = ctx.pathParam("name");
        AccountUser user = choose(name, ctx.queryParam("account"));
        UserDetails found = details.details(user);
        // Only now: a name IAM does not know (or cannot be, at any length) never becomes an audit subject.
        BearerAuthentication.auditAbout(ctx, new AccountUser(user.account(), found.userName()));
        String alias = accounts.byId(user.account()).map(Account::alias).orElse(null);
        UserDetails.Enrollment enrollment = found.enrollment();
        writeJson(ctx, new UserJson(new AccountJson(user.account().value(), alias), found.userName(),
                found.arn(), found.consolePassword(), found.hasMfa(),
                found.devices().stream().map(d -> new DeviceJson(d.serialNumber(), d.type().name(),
                        text(d.enableDate()))).toList(),
                found.deviceLimit(),
                enrollment == null ? null : new EnrollmentJson(enrollment.state(), enrollment.active(),
                        text(enrollment.startedAt()), text(enrollment.expiresAt()))));
    }

    /**
     * The account's user the request means: the named account's; without {@code account}, the one account that has
     * a user of this name. A name in several accounts is 409 with the list: alice in dev and alice in prod may be
     * different people, and an integration must say which one it means.
     */
    private AccountUser choose(String name, String accountParameter) {
        if (accountParameter != null && !accountParameter.isBlank()) {
            try {
                return new AccountUser(accounts.find(accountParameter.strip()).id(), name);
            } catch (UnknownAccount e) {
                throw new ApiProblem(ApiProblem.Kind.UNKNOWN_ACCOUNT, "The account parameter names none of the "
                        + "accounts this app serves (give an account id or alias).");
            }
        }
        UsersNamed named = details.lookUp(name);
        List<AccountUser> found = named.found();
        if (found.size() > 1) {
            List<AccountJson> holding = found.stream().map(u -> accounts.byId(u.account())
                    .map(a -> new AccountJson(a.id().value(), a.alias()))
                    .orElse(new AccountJson(u.account().value(), null))).toList();
            throw new ApiProblem(ApiProblem.Kind.AMBIGUOUS_USER, "The user name exists in " + found.size()
                    + " accounts; say which with ?account=ID_OR_ALIAS.", Map.of("accounts", holding), null, 0);
        }
        if (!named.unanswered().isEmpty()) {
            // An account could not be asked: "not found", or "only in this account", might be wrong.
            throw new ApiProblem(ApiProblem.Kind.IAM_UNAVAILABLE, "An account could not be asked whether it has a "
                    + "user of this name; try again, or say which account with ?account=ID_OR_ALIAS.");
        }
        if (found.isEmpty()) {
            throw new ApiProblem(ApiProblem.Kind.USER_NOT_FOUND, "No IAM user of this name in the accounts this app "
                    + "serves.");
        }
        return found.get(0);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static void writeJson(Context ctx, Object body) {
        try {
            ctx.contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A record of strings, numbers and lists is always JSON", e);
        }
    }
}
