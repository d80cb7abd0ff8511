package io.github.mfaenroll.compliance;

import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.compliance.ComplianceFilter.Show;
import io.github.mfaenroll.text.Messages;
import io.github.mfaenroll.web.Flash;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compliance view (HTTP only): the page, its CSV and JSON exports and the refresh button. Filters and paging come
 * from GET parameters ({@code show}, {@code q}, {@code page}, {@code per}); they select from the cached report and
 * change nothing; the exports hold every user the filter lets through, whatever the page. The report holds
 * names, ARNs and flags from IAM's credential report: nothing secret.
 */
public record ComplianceController(ComplianceService compliance, Flash flash) {
    /** The page {@code ErrorPages} shows for a {@link ComplianceProblem}. */

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
        ComplianceFilter filter = ComplianceFilter.of(ctx.queryParam("show"), ctx.queryParam("q"));
        ComplianceReport report = compliance.current();

        String per = ctx.queryParam("per");
        ComplianceCategory one = filter.show().category();
        List<Section> sections = new ArrayList<>();
        for (ComplianceCategory category : one == null ? List.of(ComplianceCategory.values()) : List.of(one)) {
            ComplianceFilter list = new ComplianceFilter(Show.of(category), filter.query());
            UserPage page = UserPage.of(report.select(list), one == null ? null : ctx.queryParam("page"), per);
            String listLink = one == null && page.hasNext()
                    ? Paths.HELPDESK_COMPLIANCE + list.queryString() + sizeParam(page) : null;
            String range = page.pages() == 1 ? "" : Messages.text(WebContext.locale(ctx), "compliance.section.range",
                    page.first(), page.last(), page.number());
            sections.add(new Section(list.show().param(), category, page, listLink, range));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("generatedAt", report.generatedAt());
        model.put("counts", report.counts());
        model.put("percentCompliant", report.percentCompliant());
        model.put("rootMfa", report.rootMfa().name());
        model.put("sections", sections);
        model.put("pager", one == null ? null : pager(filter, sections.get(0).page()));
        model.put("show", filter.show().param());
        model.put("showOptions", Arrays.stream(Show.values()).map(Show::param).toList());
        model.put("q", filter.query());
        // A page size asked for is kept by the search form (a new search starts at page 1).
        UserPage first = sections.get(0).page();
        model.put("per", sizeParam(first).isEmpty() ? "" : String.valueOf(first.size()));
        model.put("csvLink", Paths.HELPDESK_COMPLIANCE_CSV + filter.queryString());
        model.put("jsonLink", Paths.HELPDESK_COMPLIANCE_JSON + filter.queryString());
        model.put("flash", flash.take(ctx));
        ctx.render(Templates.COMPLIANCE, WebContext.model(ctx, model));
    }

    /** The list's navigation; null when it fits on one page. */
    private static Pager pager(ComplianceFilter filter, UserPage page) {
        if (page.pages() == 1) {
            return null;
        }
        String base = Paths.HELPDESK_COMPLIANCE + filter.queryString() + sizeParam(page) + "&page=";
        List<PageLink> numbers = page.linkedNumbers().stream()
                .map(n -> new PageLink(n, n == 0 ? null : base + n, n == page.number())).toList();
        return new Pager(page.hasPrevious() ? base + (page.number() - 1) : null,
                page.hasNext() ? base + (page.number() + 1) : null, numbers);
    }

    /** {@code &per=N} when the page size is not the default, so links keep the size asked for. */
    private static String sizeParam(UserPage page) {
        return page.size() == UserPage.DEFAULT_SIZE ? "" : "&per=" + page.size();
    }

    public void csv(Context ctx) {
        ComplianceFilter filter = ComplianceFilter.of(ctx.queryParam("show"), ctx.queryParam("q"));
        ComplianceReport report = compliance.current();

        download(ctx, filter, report, "csv", "text/csv; charset=utf-8");
        ComplianceCsv.write(report.select(filter), writer(ctx));
    }

    /** The same users as the CSV, as {@code report --json} prints them (the report's counts with them). */
    public void json(Context ctx) {
        ComplianceFilter filter = ComplianceFilter.of(ctx.queryParam("show"), ctx.queryParam("q"));
        ComplianceReport report = compliance.current();

        download(ctx, filter, report, "json", "application/json; charset=utf-8");
        ComplianceJson.write(report, report.select(filter), writer(ctx));
    }

    private static void download(Context ctx, ComplianceFilter filter, ComplianceReport report, String extension,
                                 String contentType) {
        String file = "mfa-compliance-" + filter.show().param() + "-" + FILE_TIME.format(report.generatedAt()) + "."
                + extension;
        ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
        ctx.contentType(contentType);
    }

    /** The response body, written row by row as the export is produced (the writers flush at the end). */
    private static Writer writer(Context ctx) {
        return new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8), 1 << 16);
    }

    /** Asks IAM for the report again, then back to the same view (Post/Redirect/Get). */
    public void refresh(Context ctx) {
        ComplianceFilter filter = ComplianceFilter.of(ctx.formParam("show"), ctx.formParam("q"));
        log.info("Credential report refresh asked for by {}", WebContext.requireSession(ctx).principal());

        compliance.refresh();

        flash.set(ctx, "compliance.refreshed");
        ctx.redirect(Paths.HELPDESK_COMPLIANCE + filter.queryString(), HttpStatus.SEE_OTHER);
    }
}
