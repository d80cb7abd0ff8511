package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.enforcement.Deadline;
import io.github.mfaenroll.enforcement.Deadlines;
import io.github.mfaenroll.enforcement.ForceMfaPolicy;
import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.AccountSettings;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.CrossAccountPermissions.AccountSource;
import io.github.mfaenroll.iam.CrossAccountPermissions;
import io.github.mfaenroll.iam.IamPermissions;
import io.github.mfaenroll.text.Messages;
import io.github.mfaenroll.web.Flash;
import io.github.mfaenroll.web.HttpProblem;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The enforcement helper: AWS's policy that blocks everything but MFA self-management until MFA is present, the
 * least-privilege policy of the app's own role (from {@link IamPermissions}), what serving several accounts adds to it
 * and the member role's trust policy (from {@link CrossAccountPermissions}), and per-user enroll-by deadlines.
 *
 * @param partition the AWS partition the app runs in ({@link IamPermissions#partitionOf}), for the ARNs of the role policy
 * @param reminderDaysBefore {@code MFA_REMINDER_DAYS_BEFORE}, named on the page
 */
public record EnforcementController(AccountDirectory accounts, AccountSettings accountSettings, Deadlines deadlines,
                                    DeadlinesForEveryone everyone, Flash flash, String partition, int reminderDaysBefore) {

    /**
     * Stand-ins the administrator replaces: the page shows the policies before the app knows its role's ARN, and it
     * never shows the external id itself (not a secret to AWS, but nothing helpdesk staff need to read).
     */
    static final String APP_ROLE_PLACEHOLDER = "APP_ACCOUNT_ID:role/APP_ROLE_NAME";
    static final String EXTERNAL_ID_PLACEHOLDER = "YOUR_EXTERNAL_ID";

    /** One deadline as the table shows it. {@code lastReminderAt} is an instant or the "none" text. */
    public record DeadlineRow(String user, String enrollBy, String status, String setBy, Instant setAt,
                              Object lastReminderAt, String account, String accountLabel) {
    }

    public void page(Context ctx) {
        Locale locale = WebContext.locale(ctx);
        LocalDate today = deadlines.today();
        List<DeadlineRow> rows = deadlines.all().stream().map(d -> row(locale, today, d)).toList();
        Map<String, Object> page = new HashMap<>();
        page.put("appPolicy", ForceMfaPolicy.appManagedJson());
        page.put("awsPolicy", ForceMfaPolicy.json());
        page.put("awsPolicySource", ForceMfaPolicy.SOURCE_URL);
        page.put("rolePolicy", IamPermissions.policyJson(partition, "*"));
        // Serving one account, the page shows what serving the organization would add (the superset; it says to drop
        // ListAccounts for a list of ids); serving several, what the configured source needs, with the configured role.
        AccountSource source = accountSettings.source() == AccountSettings.Source.SELF ? AccountSource.ORGANIZATION
                : AccountSource.valueOf(accountSettings.source().name());
        page.put("accountsPolicy", CrossAccountPermissions.appRolePolicyJson(source, partition,
                accountSettings.memberRole()));
        page.put("memberTrustPolicy", CrossAccountPermissions.memberTrustPolicyJson(
                "arn:" + partition + ":iam::" + APP_ROLE_PLACEHOLDER, EXTERNAL_ID_PLACEHOLDER));
        page.put("memberRole", accountSettings.memberRole());
        page.put("deadlines", rows);
        page.put("accounts", accounts.accounts());
        page.put("today", today.toString());
        page.put("reminderDaysBefore", reminderDaysBefore);
        page.put("flash", flash.take(ctx));
        ctx.render(Templates.HELPDESK_ENFORCEMENT, WebContext.model(ctx, page));
    }

    /**
     * POST: {@code user}, {@code account} (id or alias; the app's own account when absent), {@code enrollBy}
     * (yyyy-MM-dd) and {@code action} = {@code set} or {@code clear}.
     */
    public void saveDeadline(Context ctx) {
        String actor = WebContext.requireSession(ctx).principal();
        String named = ctx.formParam("account");
        Optional<Account> account = named == null || named.isBlank() ? Optional.of(accounts.own())
                : accounts.accounts().stream().filter(a -> a.isNamed(named.strip())).findFirst();
        String name = ctx.formParam("user");
        if (account.isEmpty() || name == null) {
            flash.set(ctx, "enforcement.deadline.no_such_user");
            ctx.redirect(Paths.HELPDESK_ENFORCEMENT + "#deadlines", HttpStatus.SEE_OTHER);
            return;
        }
        AccountUser user = new AccountUser(account.get().id(), name.strip());
        if ("clear".equals(ctx.formParam("action"))) {
            flash.set(ctx, deadlines.clear(user, actor) ? "enforcement.deadline.cleared"
                    : "enforcement.deadline.not_found");
        } else {
            Deadlines.SetResult result = deadlines.set(user, ctx.formParam("enrollBy"), actor);
            flash.set(ctx, "enforcement.deadline." + result.name().toLowerCase(Locale.ROOT));
        }
        ctx.redirect(Paths.HELPDESK_ENFORCEMENT + "#deadlines", HttpStatus.SEE_OTHER);
    }

    /**
     * POST: {@code enrollBy} for everyone without MFA in {@code scope}: an account id, or {@code all} for every
     * account. The flash says how many users got the deadline, and names accounts whose report could not be read.
     */
    public void saveDeadlineForEveryone(Context ctx) {
        String actor = WebContext.requireSession(ctx).principal();
        String scope = ctx.formParam("scope");
        AccountId account = null;
        if (scope != null && AccountId.isAccountId(scope) && accounts.byId(new AccountId(scope)).isPresent()) {
            account = new AccountId(scope);
        } else if (!"all".equals(scope)) {
            throw new HttpProblem(400, "error.unreadable_request");
        }
        DeadlinesForEveryone.Outcome outcome = everyone.set(account, ctx.formParam("enrollBy"), actor);
        if (outcome.set().result() != Deadlines.SetResult.SAVED) {
            flash.set(ctx, "enforcement.deadline." + outcome.set().result().name().toLowerCase(Locale.ROOT));
        } else {
            flash.set(ctx, outcome.unreadAccounts().isEmpty() ? "enforcement.everyone.saved"
                    : "enforcement.everyone.saved_some", outcome.set().users(), outcome.unreadAccounts().size());
        }
        ctx.redirect(Paths.HELPDESK_ENFORCEMENT + "#deadlines", HttpStatus.SEE_OTHER);
    }

    private DeadlineRow row(Locale locale, LocalDate today, Deadline deadline) {
        long daysLeft = ChronoUnit.DAYS.between(today, deadline.enrollBy());
        String status;
        if (deadline.mfaSeenAt() != null) {
            status = Messages.text(locale, "enforcement.status.mfa_seen");
        } else if (daysLeft < 0) {
            status = Messages.text(locale, "enforcement.status.overdue", -daysLeft);
        } else {
            status = Messages.text(locale, "enforcement.status.days_left", daysLeft);
        }
        return new DeadlineRow(deadline.iamUser().name(),
                DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(deadline.enrollBy()),
                status, deadline.setBy(), deadline.setAt(),
                deadline.lastReminderAt() == null ? Messages.text(locale, "walkthrough.none")
                        : deadline.lastReminderAt(),
                deadline.iamUser().account().value(), accounts.byId(deadline.iamUser().account())
                        .map(Account::label).orElse(deadline.iamUser().account().value()));
    }
}
