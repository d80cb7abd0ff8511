package io.github.mfaenroll.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.mfaenroll.helpdesk.LinkActions;
import io.github.mfaenroll.helpdesk.StaffMember;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.web.BearerAuthentication;
import io.javalin.http.Context;

/**
 * {@code POST /api/v1/links}: issues an onboarding link for an IAM user, through the same {@link LinkActions} as the
 * helpdesk's "send a link" button, so the same rules hold (the user must exist, a user with MFA only with
 * {@code allowAdditionalDevice}, not past IAM's device limit, never a protected user) and the same audit entries are
 * written, with the token ({@code api:NAME}) as actor. The call itself is the confirmation the console asks for. A
 * link that adds a device to a user who already has MFA is only ever mailed to the user's email tag, never answered
 * unmailed or sent elsewhere ({@link LinkActions.Delivery#requested}).
 */
public record ApiLinksController(ApiUserChoice choice, LinkActions links) {

    /** The request body; null members take their defaults (send true, allowAdditionalDevice false). */
    record LinkRequest(String user, String account, Boolean send, String email, Boolean allowAdditionalDevice) {
    }

    /**
     * The answer: the link (a secret: answered once, with no-store; null for a link that adds a device to a user who
     * already has MFA, which only its owner receives), whether it was mailed, and whose it is.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record LinkJson(String url, String expiresAt, boolean mailed, String linkId, String user,
                    ApiUserChoice.AccountJson account) {
    }

    public void issue(Context ctx) {
        LinkRequest request = JsonBodies.read(ctx, LinkRequest.class);
        if (request.user() == null || request.user().isBlank()) {
            throw new ApiRequestRefused(ApiRequestRefused.Kind.BAD_REQUEST, "user is required: the IAM user's name.");
        }
        AccountUser name = choice.choose(request.user(), request.account(), ApiUserChoice.AccountNamedBy.BODY);
        boolean send = request.send() == null || request.send();
        LinkActions.Invitation invitation = links.issue(StaffMember.machine(BearerAuthentication.caller(ctx).actor()), name,
                Boolean.TRUE.equals(request.allowAdditionalDevice()), true,
                LinkActions.Delivery.requested(send, request.email()));
        AccountUser user = invitation.link().user();
        BearerAuthentication.auditAbout(ctx, user);
        // A link that adds a device to a protected account reaches its owner only: the caller learns that it was
        // mailed, never the URL, or a token holder could claim it before the owner reads the mail.
        String url = invitation.ownerOnly() ? null : invitation.link().url().toString();
        LinkJson answer = new LinkJson(url, invitation.link().expiresAt().toString(),
                invitation.mailed(), invitation.link().id(), user.name(), choice.json(user.account()));
        // The URL signs its holder in as the user: no cache along the way may keep it.
        ctx.header("Cache-Control", "no-store");
        JsonBodies.write(ctx, 201, answer);
    }
}
