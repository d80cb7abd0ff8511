package io.github.mfaenroll.compliance;

import io.github.mfaenroll.compliance.ComplianceFilter.Show;
import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.UnknownAccount;
import io.github.mfaenroll.text.Messages;
import io.github.mfaenroll.web.Flash;
import io.github.mfaenroll.web.HttpProblem;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's compliance view (HTTP only), under {@code /helpdesk/accounts/{account}/compliance}: the page, its CSV
 * and JSON exports and the refresh button. Filters and paging come from GET parameters ({@code show}, {@code q},
 * {@code page}, {@code per}); they select from the cached report and change nothing; the exports hold every user the
 * filter lets through, whatever the page. The report holds names, ARNs and flags from IAM's credential report: nothing
 * secret. An account that cannot be reached is shown as such (with AWS's reason and its coverage chart), not as an
 * error. The old {@code /helpdesk/compliance} addresses redirect to the own account's.
 */
public record ComplianceController(OrganizationCompliance compliance, Flash flash) {

    /**
     * The request attribute naming the compliance view of the account a request is about, so the problem page's "try
     * again" goes back to that account's view (a path built from the configured account, never from the request).
     */
    public static final String ACCOUNT_VIEW_ATTRIBUTE = "compliance.accountView";

    private static final Logger log = LoggerFactory.getLogger(ComplianceController.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * One list on the page: a category, the page of its users that pass the search, and (when the page is not the
     * whole list) the link to the list on its own, paged.
     */
    public record Section(String param, ComplianceCategory category, UserPage page, String listLink,
                          String rangeText) {
    }

    /** The navigation of a paged list: previous and next (null at either end) and the linked page numbers. */
    public record Pager(String previous, String next, List<PageLink> numbers) {
    }

    /** A page number in the navigation; {@code number} 0 stands for numbers left out (no link). */
    public record PageLink(int number, String href, boolean current) {
    }

    /**
     * With one category shown ({@code show=noncompliant|mfa|nopassword}), its list is paged: {@code page} and
     * {@code per}. With all of them, each list shows its first page and links to itself on its own.
     */
    public void page(Context ctx) {
        Account account = account(ctx);
        ComplianceFilter filter = ComplianceFilter.of(ctx.queryParam("show"), ctx.queryParam("q"));
        Map<String, Object> model = new HashMap<>();
        model.put("account", account);
        model.put("accountId", account.id().value());
        model.put("base", pathOf(account));
        model.put("severalAccounts", compliance.directory().severalAccounts());
        AccountStanding standing = compliance.standing(account);
        if (standing.problem() != null) {
            throw standing.problem(); // the problem page, as before: IAM refused or the report could not be read
        }
        model.put("flash", flash.take(ctx)); // kept for the next page when this one is the problem page
        // After the report is read: a first read today has just kept today's snapshot.
        model.put("chart", compliance.chart(account));
        model.put("reachable", standing.reported());
        model.put("unreachableReason", standing.reported() ? "" : standing.reason());
        if (!standing.reported()) {
            ctx.render(Templates.COMPLIANCE, WebContext.model(ctx, model));
            return;
        }
        ComplianceReport report = standing.report();
        String base = pathOf(account);

        String per = ctx.queryParam("per");
        ComplianceCategory one = filter.show().category();
        List<Section> sections = new ArrayList<>();
        for (ComplianceCategory category : one == null ? List.of(ComplianceCategory.values()) : List.of(one)) {
            ComplianceFilter list = new ComplianceFilter(Show.of(category), filter.query());
            UserPage page = UserPage.of(report.select(list), one == null ? null : ctx.queryParam("page"), per);
            String listLink = one == null && page.hasNext()
                    ? base + list.queryString() + sizeParam(page) : null;
            String range = page.pages() == 1 ? "" : Messages.text(WebContext.locale(ctx), "compliance.section.range",
                    page.first(), page.last(), page.number());
            sections.add(new Section(list.show().param(), category, page, listLink, range));
        }
        model.put("generatedAt", report.generatedAt());
        model.put("counts", report.counts());
        model.put("percentCompliant", report.percentCompliant());
        model.put("rootMfa", report.rootMfa().name());
        model.put("sections", sections);
        model.put("pager", one == null ? null : pager(base, filter, sections.get(0).page()));
        model.put("show", filter.show().param());
        model.put("showOptions", Arrays.stream(Show.values()).map(Show::param).toList());
        model.put("q", filter.query());
        // A page size asked for is kept by the search form (a new search starts at page 1).
        UserPage first = sections.get(0).page();
        model.put("per", sizeParam(first).isEmpty() ? "" : String.valueOf(first.size()));
        model.put("csvLink", base + ".csv" + filter.queryString());
        model.put("jsonLink", base + ".json" + filter.queryString());
        ctx.render(Templates.COMPLIANCE, WebContext.model(ctx, model));
    }

    /** The list's navigation; null when it fits on one page. */
    private static Pager pager(String path, ComplianceFilter filter, UserPage page) {
        if (page.pages() == 1) {
            return null;
        }
        String base = path + filter.queryString() + sizeParam(page) + "&page=";
        List<PageLink> numbers = page.linkedNumbers().stream()
                .map(n -> new PageLink(n, n == 0 ? null : base + n, n == page.number())).toList();
        return new Pager(page.hasPrevious() ? base + (page.number() - 1) : null,
                page.hasNext() ? base + (page.number() + 1) : null, numbers);
    }

    /** {@code &per=N} when the page size is not the default, so links keep the size asked for. */
    private static String sizeParam(UserPage page) {
        return page.size() == UserPage.DEFAULT_SIZE ? "" : "&per=" + page.size();
    }

    /**
     * The account's users as CSV, in the shape {@code report} prints ({@link ComplianceCsv#ACCOUNTS_HEADER}). An
     * account without a report answers 503 with the reason, never an empty file that reads as "nobody".
     */
    public void csv(Context ctx) {
        ComplianceFilter filter = ComplianceFilter.of(ctx.queryParam("show"), ctx.queryParam("q"));
        AccountStanding standing = reportedStanding(account(ctx));

        download(ctx, standing.account(), filter, standing.report(), "csv", "text/csv; charset=utf-8");
        ComplianceCsv.writeAccounts(List.of(standing), filter, writer(ctx));
    }

    /** The same users as the CSV, in the shape {@code report --json} prints (one account's section, and totals). */
    public void json(Context ctx) {
        ComplianceFilter filter = ComplianceFilter.of(ctx.queryParam("show"), ctx.queryParam("q"));
        AccountStanding standing = reportedStanding(account(ctx));

        download(ctx, standing.account(), filter, standing.report(), "json", "application/json; charset=utf-8");
        ComplianceJson.writeAccounts(List.of(standing), filter, writer(ctx));
    }

    /** The account's standing with a report; the report's problem, or 503 when the account cannot be reached. */
    private AccountStanding reportedStanding(Account account) {
        AccountStanding standing = compliance.standing(account);
        if (standing.problem() != null) {
            throw standing.problem();
        }
        if (!standing.reported()) {
            log.warn("Compliance export of account {} refused: unreachable ({})", account.id(), standing.reason());
            throw new HttpProblem(503, "organization.unreachable.export");
        }
        return standing;
    }

    private static void download(Context ctx, Account account, ComplianceFilter filter, ComplianceReport report,
                                 String extension, String contentType) {
        String file = "mfa-compliance-" + account.id().value() + "-" + filter.show().param() + "-"
                + FILE_TIME.format(report.generatedAt()) + "." + extension;
        ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
        ctx.contentType(contentType);
    }

    /** The response body, written row by row as the export is produced (the writers flush at the end). */
    private static Writer writer(Context ctx) {
        return new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8), 1 << 16);
    }

    /** Asks IAM for the account's report again, then back to the same view (Post/Redirect/Get). */
    public void refresh(Context ctx) {
        refresh(ctx, account(ctx));
    }

    /** The old refresh address: the own account's refresh (a form posted from an old page still works). */
    public void refreshOwnAccount(Context ctx) {
        refresh(ctx, compliance.directory().own());
    }

    private void refresh(Context ctx, Account account) {
        ctx.attribute(ACCOUNT_VIEW_ATTRIBUTE, pathOf(account));
        ComplianceFilter filter = ComplianceFilter.of(ctx.formParam("show"), ctx.formParam("q"));
        log.info("Credential report refresh of account {} asked for by {}", account.id(),
                WebContext.requireSession(ctx).principal());

        if (compliance.directory().reachability(account.id()).reachable()) {
            compliance.of(account).refresh();
            flash.set(ctx, "compliance.refreshed");
        }

        ctx.redirect(pathOf(account) + filter.queryString(), HttpStatus.SEE_OTHER);
    }

    /**
     * The old addresses ({@code /helpdesk/compliance}, {@code .csv}, {@code .json}): 303 to the own account's, with
     * the same query.
     */
    public void redirectToOwnAccount(Context ctx) {
        String own = pathOf(compliance.directory().own());
        String path = ctx.path();
        String suffix = path.endsWith(".csv") ? ".csv" : path.endsWith(".json") ? ".json" : "";
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        ctx.redirect(own + suffix + query, HttpStatus.SEE_OTHER);
    }

    /** The account named in the path (id or alias); 404 when no configured account has that name. */
    private Account account(Context ctx) {
        try {
            Account account = compliance.account(ctx.pathParam("account"));
            ctx.attribute(ACCOUNT_VIEW_ATTRIBUTE, pathOf(account));
            return account;
        } catch (UnknownAccount e) {
            throw new HttpProblem(404, "error.not_found");
        }
    }

    /** The account's compliance view: {@code /helpdesk/accounts/ID/compliance}. */
    public static String pathOf(Account account) {
        return Paths.HELPDESK_ACCOUNT_COMPLIANCE.replace("{account}", account.id().value());
    }
}
