package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.MfaDevice;
import io.github.mfaenroll.web.Flash;
import io.github.mfaenroll.web.HttpProblem;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * HTTP for "my codes are not accepted any more": the session user's own devices and two code fields; each POST
 * redirects (Post/Redirect/Get) with a flash message. The device must be one of the session user's; the user is
 * never taken from the request.
 */
public record ResyncController(ResyncService resync, Flash flash) {

    public void page(Context ctx) {
        AccountUser iamUser = WebContext.boundIamUser(ctx);
        List<MfaDevice> devices = resync.devices(iamUser);
        String wanted = ctx.queryParam("device");
        // Preselect the device of the last attempt, or the only one.
        String selected = devices.stream().map(MfaDevice::serialNumber).filter(s -> s.equals(wanted)).findFirst()
                .orElse(devices.size() == 1 ? devices.get(0).serialNumber() : "");
        ctx.render(Templates.ENROLL_RESYNC, WebContext.model(ctx, Map.of(
                "iamUser", iamUser.name(),
                "devices", devices,
                "selected", selected,
                "maxAttempts", ResyncService.MAX_FAILED_ATTEMPTS,
                "flash", flash.take(ctx))));
    }

    public void resync(Context ctx) {
        String serial = ctx.formParam("serial");
        if (serial == null || serial.isBlank()) {
            flash.set(ctx, "resync.problem.no_device");
            ctx.redirect(Paths.ENROLL_RESYNC, HttpStatus.SEE_OTHER);
            return;
        }
        ResyncResult result = resync.resync(WebContext.boundIamUser(ctx), serial, ctx.formParam("code1"),
                ctx.formParam("code2"));
        if (result instanceof ResyncResult.UnknownDevice) {
            throw new HttpProblem(404, "resync.unknown_device");
        }
        if (result instanceof ResyncResult.Rejected rejected) {
            flash.set(ctx, rejected.problem().resyncMessageKey(), rejected.count());
            ctx.redirect(Paths.ENROLL_RESYNC + "?device=" + URLEncoder.encode(serial, StandardCharsets.UTF_8),
                    HttpStatus.SEE_OTHER);
            return;
        }
        flash.set(ctx, "resync.done");
        ctx.redirect(Paths.ENROLL, HttpStatus.SEE_OTHER);
    }
}
