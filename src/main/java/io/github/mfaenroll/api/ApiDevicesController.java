package io.github.mfaenroll.api;

import io.github.mfaenroll.helpdesk.DeviceActions;
import io.github.mfaenroll.helpdesk.StaffMember;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.web.BearerAuthentication;
import io.javalin.http.Context;

/**
 * {@code DELETE /api/v1/users/{name}/devices/{serial}[?account=ID_OR_ALIAS]} with {@code {"reason": "…"}}: resets a
 * user's MFA device through the same {@link DeviceActions#reset} as the helpdesk's "reset" button: deactivated, deleted
 * only when the app created it, the owner mailed, audited with the token ({@code api:NAME}) as actor. {@code serial}
 * is the serial as {@code GET /api/v1/users/{name}} shows it, or, for a virtual device, the part of its ARN after
 * {@code :mfa/}: the app itself accepts an ARN percent-encoded ({@code %2F} included), but a proxy in front may decode
 * or refuse an encoded {@code /}, and the device name needs none.
 */
public record ApiDevicesController(ApiUserChoice choice, DeviceActions devices) {

    /** The request body. */
    record ResetRequest(String reason) {
    }

    /** The answer: which device, whether it was deleted (else only deactivated), whether the owner was mailed. */
    record ResetJson(String serial, boolean deleted, boolean mailed) {
    }

    public void reset(Context ctx) {
        // No body at all is a missing reason, which the service refuses (and audits) as the console's form would.
        String reason = ctx.bodyAsBytes().length == 0 ? null : JsonBodies.read(ctx, ResetRequest.class).reason();
        AccountUser name = choice.choose(ctx.pathParam("name"), ctx.queryParam("account"),
                ApiUserChoice.AccountNamedBy.QUERY);
        DeviceActions.Reset reset = devices.reset(StaffMember.machine(BearerAuthentication.caller(ctx).actor()), name,
                ctx.pathParam("serial"), reason, true);
        BearerAuthentication.auditAbout(ctx, reset.user());
        JsonBodies.write(ctx, 200, new ResetJson(reset.serialNumber(), reset.deleted(), reset.mailed()));
    }
}
