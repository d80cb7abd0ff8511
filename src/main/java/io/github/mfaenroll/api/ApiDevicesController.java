package io.github.mfaenroll.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mfaenroll.helpdesk.DeviceActions;
import io.github.mfaenroll.helpdesk.HelpdeskRefusal;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The request body. */
    record ResetRequest(String reason) {
    }

    /** The answer: which device, whether it was deleted (else only deactivated), whether the owner was mailed. */
    record ResetJson(String serial, boolean deleted, boolean mailed) {
    }

    public void reset(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        // No body at all is a missing reason, which the service refuses (and audits) as the console's form would.
        String reason = null;
        if (body.length > 0) {
            if (!JsonBodies.isJson(ctx.contentType())) {
                throw new ApiRequestRefused(ApiRequestRefused.Kind.UNSUPPORTED_MEDIA_TYPE, "Send the body as "
                        + "Content-Type: application/json, {\"reason\": \"…\"}.");
            }
            reason = JsonBodies.read(body, ResetRequest.class).reason();
        }
        AccountUser name = choice.choose(ctx.pathParam("name"), ctx.queryParam("account"),
                ApiUserChoice.AccountNamedBy.QUERY);
        DeviceActions.Reset reset;
        try {
            reset = devices.reset(StaffMember.machine(BearerAuthentication.caller(ctx).actor()), name, ctx.pathParam("serial"), reason, true);
        } catch (HelpdeskRefusal e) {
            // Only a user IAM confirmed, as IAM spells it: never a name as the request wrote it.
            if (e.confirmedUser() != null) {
                BearerAuthentication.auditAbout(ctx, e.confirmedUser());
            }
            throw e;
        }
        BearerAuthentication.auditAbout(ctx, reset.user());
        try {
            ctx.contentType("application/json").result(JSON.writeValueAsBytes(
                    new ResetJson(reset.serialNumber(), reset.deleted(), reset.mailed())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A record of strings and booleans is always JSON", e);
        }
    }
}
