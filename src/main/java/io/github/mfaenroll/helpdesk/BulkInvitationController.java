package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.helpdesk.BulkInvitationStore.Job;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.text.Messages;
import io.github.mfaenroll.web.Flash;
import io.github.mfaenroll.web.HttpProblem;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;

/**
 * HTTP for "invite every user without MFA": the page with the confirmation form and recent runs, the POST that
 * starts a run (or finds the one running), and a progress page that refreshes itself with a meta refresh while the
 * run goes on (no JavaScript needed).
 */
public record BulkInvitationController(BulkInvitations bulk, BulkInvitationStore store, Flash flash,
                                       int invitesPerMinute) {
    /** Seconds between refreshes of the progress page while a run goes on. */
    static final int REFRESH_SECONDS = 5;
    private static final int RECENT_RUNS = 10;

    public static String pathOf(String jobId) {
        return Paths.HELPDESK_BULK_JOB.replace("{id}", jobId);
    }

    public void page(Context ctx) {
        render(ctx, 200, false);
    }

    public void start(Context ctx) {
        BulkInvitations.Started started;
        try {
            started = bulk.start(StaffMember.of(WebContext.requireSession(ctx)), scope(ctx),
                    ctx.formParam("confirm") != null);
        } catch (HelpdeskRefusal e) {
            if (e.kind() != HelpdeskRefusal.Kind.NOT_CONFIRMED) {
                throw e;
            }
            render(ctx, e.kind().status(), true);
            return;
        }
        flash.set(ctx, started.alreadyRunning() ? "helpdesk.bulk.already_running" : "helpdesk.bulk.started");
        ctx.redirect(started.job() == null ? Paths.HELPDESK_BULK : pathOf(started.job().id()), HttpStatus.SEE_OTHER);
    }

    /** The form's {@code account}: one account the deployment serves, or every one ({@code all} or absent). */
    private AccountId scope(Context ctx) {
        String account = ctx.formParam("account");
        if (account == null || account.isBlank() || "all".equals(account)) {
            return null;
        }
        if (!AccountId.isAccountId(account) || bulk.accounts().byId(new AccountId(account)).isEmpty()) {
            throw new HttpProblem(400, "error.unreadable_request");
        }
        return new AccountId(account);
    }

    public void job(Context ctx) {
        Job job = bulk.find(ctx.pathParam("id"))
                .orElseThrow(() -> new HelpdeskRefusal(HelpdeskRefusal.Kind.JOB_NOT_FOUND, null, null));
        ctx.render(Templates.HELPDESK_BULK_JOB, WebContext.model(ctx, Map.of(
                "job", job,
                "progressText", job.total() == null ? "" : Messages.text(WebContext.locale(ctx),
                        "helpdesk.bulk.job.progress", job.processed(), job.total()),
                "refreshSeconds", job.state().finished() ? 0 : REFRESH_SECONDS,
                "jobPath", pathOf(job.id()),
                "flash", flash.take(ctx))));
    }

    private void render(Context ctx, int status, boolean notConfirmed) {
        Map<String, Object> model = new HashMap<>();
        model.put("jobs", store.latest(RECENT_RUNS));
        model.put("perMinute", invitesPerMinute);
        model.put("accounts", bulk.accounts().accounts());
        model.put("notConfirmed", notConfirmed);
        model.put("flash", flash.take(ctx));
        ctx.status(status);
        ctx.render(Templates.HELPDESK_BULK, WebContext.model(ctx, model));
    }
}
