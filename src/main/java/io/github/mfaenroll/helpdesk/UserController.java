package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.helpdesk.LinkActions.Invitation;
import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.UsersNamed;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.web.Flash;
import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP for the helpdesk's user page and the actions on it. Staff act on others, so the account and the user name
 * come from the path; the services validate it and check that the user exists before anything else. Each action is a form with a
 * required confirmation; success redirects back to the user page with a flash (Post/Redirect/Get); a mistake in the
 * form re-renders the page with the message next to the field; other refusals are pages of their own
 * ({@link HelpdeskRefusal}, mapped once in the error pages). The acting staff member is the session's principal.
 */
public record UserController(AccountDirectory accounts, UserDetailsService details, LinkActions links, DeviceActions devices,
                             ConsolePasswords consolePasswords, LockoutActions lockouts, Flash flash) {

    /** A mistake in one form on the user page: which form, which field, which message. */
    public record FormError(String form, String field, String messageKey) {
        static final FormError NONE = new FormError("", "", "");
    }

    /** The path of a user's page; only for names that passed validation. */
    public static String pathOf(AccountUser user) {
        return UserPaths.of(user);
    }

    /**
     * The user a request is about: the account from the path (one this deployment serves, else "no such user") and
     * the name from the path, validated by the service before anything else happens.
     */
    private AccountUser target(Context ctx) {
        String account = ctx.pathParam("account");
        return AccountId.isAccountId(account)
                ? accounts.byId(new AccountId(account)).map(a -> new AccountUser(a.id(), ctx.pathParam("name")))
                        .orElseThrow(() -> new HelpdeskRefusal(HelpdeskRefusal.Kind.USER_NOT_FOUND, null, null))
                : throwUnknown();
    }

    private static AccountUser throwUnknown() {
        throw new HelpdeskRefusal(HelpdeskRefusal.Kind.USER_NOT_FOUND, null, null);
    }

    /** "Find a user" (a GET form on the console): goes to the user's page. */
    public void lookup(Context ctx) {
        String name = ctx.queryParam("name") == null ? "" : ctx.queryParam("name").strip();
        UsersNamed named = details.lookUp(name);
        List<AccountUser> found = named.found();
        if (found.isEmpty()) {
            // Not found where IAM answered; an account that could not answer may still have them.
            throw new HelpdeskRefusal(named.unanswered().isEmpty() ? HelpdeskRefusal.Kind.USER_NOT_FOUND
                    : HelpdeskRefusal.Kind.IAM_UNAVAILABLE, null, null);
        }
        if (found.size() == 1 && named.unanswered().isEmpty()) {
            ctx.redirect(pathOf(found.get(0)), HttpStatus.SEE_OTHER);
            return;
        }
        // The same name in several accounts: different people, or one person's users in dev and prod. Staff pick.
        List<Map<String, String>> choices = found.stream().map(user -> Map.of(
                "path", pathOf(user), "name", user.name(), "account", user.account().value(),
                "label", accounts.byId(user.account()).map(Account::label).orElse(user.account().value())))
                .toList();
        List<String> unanswered = named.unanswered().keySet().stream().map(Account::label).toList();
        ctx.render(Templates.HELPDESK_LOOKUP, WebContext.model(ctx, Map.of("name", name, "choices", choices,
                "unanswered", unanswered)));
    }

    /** An address from before user pages named the account: the same page in the app's own account. */
    public void ownAccountPage(Context ctx) {
        String name = ctx.pathParam("name");
        if (!ActionGuard.validUserName(name)) {
            throw new HelpdeskRefusal(HelpdeskRefusal.Kind.USER_NOT_FOUND, null, null);
        }
        String page = pathOf(new AccountUser(accounts.own().id(), name));
        ctx.redirect(ctx.path().endsWith("/live") ? page + "/live" : page, HttpStatus.SEE_OTHER);
    }

    public void page(Context ctx) {
        render(ctx, target(ctx), 200, FormError.NONE);
    }

    public void issueLink(Context ctx) {
        AccountUser name = target(ctx);
        try {
            showInvitation(ctx, links.issue(staff(ctx), name, checked(ctx, "allowAdditionalDevice"),
                    checked(ctx, "confirm")));
        } catch (HelpdeskRefusal e) {
            formError(ctx, name, "issue", e);
        }
    }

    public void resendLink(Context ctx) {
        AccountUser name = target(ctx);
        try {
            showInvitation(ctx, links.resend(staff(ctx), name, ctx.formParam("link"), checked(ctx, "confirm")));
        } catch (HelpdeskRefusal e) {
            formError(ctx, name, "resend", e);
        }
    }

    public void revokeLink(Context ctx) {
        AccountUser name = target(ctx);
        try {
            links.revoke(actor(ctx), name, ctx.formParam("link"), checked(ctx, "confirm"));
        } catch (HelpdeskRefusal e) {
            formError(ctx, name, "revoke", e);
            return;
        }
        done(ctx, name, "helpdesk.done.link_revoked");
    }

    public void resetDevice(Context ctx) {
        AccountUser name = target(ctx);
        DeviceActions.Reset reset;
        try {
            reset = devices.reset(staff(ctx), name, ctx.formParam("serial"), ctx.formParam("reason"),
                    checked(ctx, "confirm"));
        } catch (HelpdeskRefusal e) {
            formError(ctx, name, "reset", e);
            return;
        }
        done(ctx, name, reset.deleted() ? "helpdesk.done.device_deleted" : "helpdesk.done.device_deactivated",
                reset.mailed() ? 1 : 0);
    }

    public void assignHardwareToken(Context ctx) {
        AccountUser name = target(ctx);
        DeviceActions.Assigned assigned;
        try {
            assigned = devices.assignHardwareToken(staff(ctx), name, ctx.formParam("serial"), ctx.formParam("code1"),
                    ctx.formParam("code2"), checked(ctx, "confirm"));
        } catch (HelpdeskRefusal e) {
            formError(ctx, name, "hardware", e);
            return;
        }
        done(ctx, name, "helpdesk.done.hardware_assigned", assigned.mailed() ? 1 : 0);
    }

    public void removeConsolePassword(Context ctx) {
        AccountUser name = target(ctx);
        boolean mailed;
        try {
            mailed = consolePasswords.remove(staff(ctx), name, ctx.formParam("reason"), checked(ctx, "confirm"));
        } catch (HelpdeskRefusal e) {
            formError(ctx, name, "password", e);
            return;
        }
        done(ctx, name, "helpdesk.done.console_password_removed", mailed ? 1 : 0);
    }

    /** Lifts the user's lockout (too many failed verifications): they may enroll and resync again at once. */
    public void liftLockout(Context ctx) {
        AccountUser name = target(ctx);
        try {
            lockouts.liftUserLockout(staff(ctx), name, checked(ctx, "confirm"));
        } catch (HelpdeskRefusal e) {
            formError(ctx, name, "lockout", e);
            return;
        }
        done(ctx, name, "helpdesk.done.lockout_lifted");
    }

    /**
     * A mailed link: back to the user page. A link that could not be mailed is shown once, in this response only
     * (never in a redirect, the flash, the log or the audit trail), for the staff member to hand over.
     */
    private void showInvitation(Context ctx, Invitation invitation) {
        if (invitation.mailed()) {
            done(ctx, invitation.link().user(), "helpdesk.done.link_mailed");
            return;
        }
        ctx.header("Cache-Control", "no-store");
        ctx.render(Templates.HELPDESK_LINK_ONCE, WebContext.model(ctx, Map.of(
                "iamUser", invitation.link().user().name(),
                "userPath", pathOf(invitation.link().user()),
                "url", invitation.link().url().toString(),
                "notMailedKey", invitation.logOnly() ? "helpdesk.link_once.log_only" : "helpdesk.link_once.not_mailed",
                "expiresAt", invitation.link().expiresAt())));
    }

    private void done(Context ctx, AccountUser name, String messageKey, long... args) {
        flash.set(ctx, messageKey, args);
        ctx.redirect(pathOf(name), HttpStatus.SEE_OTHER);
    }

    /** A form mistake re-renders the page with the message at the field; any other refusal is its own page. */
    private void formError(Context ctx, AccountUser name, String form, HelpdeskRefusal e) {
        if (e.kind().field() == null) {
            throw e;
        }
        render(ctx, name, e.kind().status(), new FormError(form, e.kind().field(), e.kind().messageKey()));
    }

    private void render(Context ctx, AccountUser name, int status, FormError error) {
        UserDetails user = details.details(name);
        Map<String, Object> model = new HashMap<>();
        model.put("user", user);
        model.put("userPath", user.path());
        model.put("isAdmin", WebContext.requireSession(ctx).role() == Role.ADMIN);
        model.put("flash", flash.take(ctx));
        model.put("error", error);
        model.put("lockout", lockouts.activeLockout(new AccountUser(name.account(), user.userName())).orElse(null));
        ctx.status(status);
        ctx.render(Templates.HELPDESK_USER, WebContext.model(ctx, model));
    }

    /** The acting staff member as the session says: who, with which role, and their own IAM user if any. */
    private static StaffMember staff(Context ctx) {
        return StaffMember.of(WebContext.requireSession(ctx));
    }

    private static String actor(Context ctx) {
        Session session = WebContext.requireSession(ctx);
        return session.principal();
    }

    private static boolean checked(Context ctx, String field) {
        return ctx.formParam(field) != null;
    }
}
