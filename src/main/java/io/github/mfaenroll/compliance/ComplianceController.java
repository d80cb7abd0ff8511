package io.github.mfaenroll.compliance;

import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.compliance.ComplianceFilter.Show;
import io.github.mfaenroll.web.Flash;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compliance view (HTTP only): the page, its CSV export and the refresh button. Filters come from GET
 * parameters ({@code show}, {@code q}); they select from the cached report and change nothing. The report holds
 * names, ARNs and flags from IAM's credential report: nothing secret.
 */
public record ComplianceController(ComplianceService compliance, Flash flash) {
    /** The page {@code ErrorPages} shows for a {@link ComplianceProblem}. */

    private static final Logger log = LoggerFactory.getLogger(ComplianceController.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    /** One list on the page: a category and its users that pass the search. */
    public record Section(String param, ComplianceCategory category, List<UserCompliance> users) {
    }

    public void page(Context ctx) {
        ComplianceFilter filter = ComplianceFilter.of(ctx.queryParam("show"), ctx.queryParam("q"));
        ComplianceReport report = compliance.current();

        List<ComplianceCategory> shown = filter.show().category() == null
                ? List.of(ComplianceCategory.values()) : List.of(filter.show().category());
        List<Section> sections = shown.stream().map(category -> new Section(Show.of(category).param(), category,
                report.select(new ComplianceFilter(Show.of(category), filter.query())))).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("generatedAt", report.generatedAt());
        model.put("counts", report.counts());
        model.put("percentCompliant", report.percentCompliant());
        model.put("rootMfa", report.rootMfa().name());
        model.put("sections", sections);
        model.put("show", filter.show().param());
        model.put("showOptions", Arrays.stream(Show.values()).map(Show::param).toList());
        model.put("q", filter.query());
        model.put("csvLink", Paths.HELPDESK_COMPLIANCE_CSV + filter.queryString());
        model.put("flash", flash.take(ctx));
        ctx.render(Templates.COMPLIANCE, WebContext.model(ctx, model));
    }

    public void csv(Context ctx) {
        ComplianceFilter filter = ComplianceFilter.of(ctx.queryParam("show"), ctx.queryParam("q"));
        ComplianceReport report = compliance.current();

        String file = "mfa-compliance-" + filter.show().param() + "-" + FILE_TIME.format(report.generatedAt()) + ".csv";
        ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
        ctx.contentType("text/csv; charset=utf-8");
        ctx.result(ComplianceCsv.write(report.select(filter)));
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
