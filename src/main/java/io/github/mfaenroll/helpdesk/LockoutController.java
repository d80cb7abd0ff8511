package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.limits.AddressLimits.Throttled;
import io.github.mfaenroll.web.Flash;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;

/**
 * HTTP for the helpdesk's list of active limits ({@code /helpdesk/lockouts}): IAM users locked out after too many
 * failed verifications (each lifted on the user's own page) and client addresses over their request limit, each with
 * a confirmed "Lift limit" form. Success redirects back with a flash; a missing confirmation re-renders the list with
 * the message at that form; other refusals are pages of their own.
 */
public record LockoutController(LockoutActions lockouts, Flash flash) {

    public void page(Context ctx) {
        render(ctx, 200, "", "");
    }

    public void liftAddress(Context ctx) {
        String scope = ctx.formParam("scope");
        String address = ctx.formParam("address");
        try {
            lockouts.liftAddressLimit(WebContext.requireSession(ctx).principal(), scope, address,
                    ctx.formParam("confirm") != null);
        } catch (HelpdeskRefusal e) {
            // A missing tick on a form still listed: show it there. Anything else is its own page.
            Throttled listed = e.kind().field() == null ? null : lockouts.findThrottled(scope, address).orElse(null);
            if (listed == null) {
                throw e;
            }
            render(ctx, e.kind().status(), formIdOf(listed), e.kind().messageKey());
            return;
        }
        flash.set(ctx, "helpdesk.lockouts.address_lifted");
        ctx.redirect(Paths.HELPDESK_LOCKOUTS, HttpStatus.SEE_OTHER);
    }

    /** What the template compares to tell which form a mistake belongs to. */
    public static String formIdOf(Throttled throttled) {
        return throttled.scope().name() + "/" + throttled.clientAddress();
    }

    private void render(Context ctx, int status, String errorForm, String errorKey) {
        Map<String, Object> model = new HashMap<>();
        model.put("users", lockouts.activeLockouts());
        model.put("addresses", lockouts.throttledAddresses());
        model.put("flash", flash.take(ctx));
        model.put("errorForm", errorForm);
        model.put("errorKey", errorKey);
        ctx.status(status);
        ctx.header("Cache-Control", "no-store");
        ctx.render(Templates.HELPDESK_LOCKOUTS, WebContext.model(ctx, model));
    }
}
