package io.github.mfaenroll.api;

import io.github.mfaenroll.helpdesk.UserDetails;
import io.github.mfaenroll.helpdesk.UserDetailsService;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.web.BearerAuthentication;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/users/{name}[?account=ID_OR_ALIAS]}: one IAM user's MFA state and devices, read by the same
 * service as the helpdesk's user page. Serials, types and dates only: never a seed, never the user's links or audit
 * history (those stay in the console).
 */
public record ApiUsersController(ApiUserChoice choice, UserDetailsService details) {

    /** The user as the API shows it. */
    record UserJson(ApiUserChoice.AccountJson account, String user, String arn, boolean consolePassword,
                    boolean mfaActive, List<DeviceJson> devices, int deviceLimit, EnrollmentJson enrollment) {
    }

    /** @param type {@code VIRTUAL}, {@code HARDWARE_TOTP} or {@code SECURITY_KEY} */
    record DeviceJson(String serial, String type, String enabledAt) {
    }

    /** The running (or latest) enrollment by state: no seed, no code. */
    record EnrollmentJson(String state, boolean active, String startedAt, String expiresAt) {
    }

    public void user(Context ctx) {
        String name = ctx.pathParam("name");
        AccountUser user = choice.choose(name, ctx.queryParam("account"), ApiUserChoice.AccountNamedBy.QUERY);
        UserDetails found = details.details(user);
        // Only now: a name IAM does not know (or cannot be, at any length) never becomes an audit subject.
        BearerAuthentication.auditAbout(ctx, new AccountUser(user.account(), found.userName()));
        UserDetails.Enrollment enrollment = found.enrollment();
        JsonBodies.write(ctx, 200, new UserJson(choice.json(user.account()), found.userName(),
                found.arn(), found.consolePassword(), found.hasMfa(),
                found.devices().stream().map(d -> new DeviceJson(d.serialNumber(), d.type().name(),
                        text(d.enableDate()))).toList(),
                found.deviceLimit(),
                enrollment == null ? null : new EnrollmentJson(enrollment.state(), enrollment.active(),
                        text(enrollment.startedAt()), text(enrollment.expiresAt()))));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
