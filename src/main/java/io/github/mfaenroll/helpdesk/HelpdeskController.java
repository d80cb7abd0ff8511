package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * The helpdesk console's first page: who is signed in, and the latest audit entries across all users, so that
 * failures (a mail that could not be sent, a refused IAM call, a locked account) are visible to the helpdesk.
 * Audit entries never hold a seed, code, token or password, so nothing secret can reach this page. Above them, the
 * users invitations that send themselves could not mail (no email tag, protected, mail failing): who needs a link by
 * hand.
 */
public record HelpdeskController(AuditLog audit, LockoutActions lockouts, AccountDirectory accounts,
                                 AutoInvitations autoInvitations) {
    /** How many audit entries the first page shows. */
    static final int LATEST_ENTRIES = 50;

    public void home(Context ctx) {
        Session session = WebContext.requireSession(ctx);
        List<AutoInvitations.Waiting> needLink = autoInvitations.waitingForHelpdesk();
        ctx.render(Templates.HELPDESK_HOME, WebContext.model(ctx, Map.of(
                "role", session.role().name(),
                "lockedUsers", lockouts.activeLockouts().size(),
                "throttledAddresses", lockouts.throttledAddresses().size(),
                "entries", audit.latest(LATEST_ENTRIES),
                "autoInvite", autoInvitations.settings().enabled(),
                "needLink", needLink,
                "needLinkMore", autoInvitations.waitingBeyond(needLink),
                // The organization view is worth a link only when there is more than one account to see.
                "severalAccounts", accounts.severalAccounts())));
    }
}
