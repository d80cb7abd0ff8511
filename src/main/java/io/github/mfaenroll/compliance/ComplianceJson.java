package io.github.mfaenroll.compliance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * The compliance report as one JSON object, for {@code report --json}:
 * {@code {generatedAt, counts{...}, percentCompliant, rootMfaActive, users[...]}}. Times are ISO 8601 in UTC;
 * {@code rootMfaActive} is null when the report has no root row. Names are written as they are (JSON has no
 * formula problem), unlike {@link ComplianceCsv}.
 */
public final class ComplianceJson {

    private static final JsonFactory JSON = new JsonFactory();

    private ComplianceJson() {
    }

    /** The report's counts and percentage, with the given users (all of them, or a filtered selection). */
    public static String write(ComplianceReport report, List<UserCompliance> users) {
        StringWriter out = new StringWriter();
        write(report, users, out);
        return out.toString();
    }

    /**
     * Writes the object as it goes (Jackson's streaming generator): the exports and {@code report} never hold it
     * whole.
     */
    public static void write(ComplianceReport report, Iterable<UserCompliance> users, Writer out) {
        try (JsonGenerator json = generator(out)) {
            writeReport(json, report, users);
            end(json, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every account as one object: {@code {accounts[{accountId, accountAlias, reachable, reason, report}], totals}}.
     * Each {@code report} is the one-account object above, unchanged (with the users the filter lets through), or null
     * when the account has none: then {@code reason} says why (AWS's reason when unreachable). {@code totals} adds up
     * the reported accounts ({@link OrganizationTotals}).
     */
    public static void writeAccounts(List<AccountStanding> standings, ComplianceFilter filter, Writer out) {
        try (JsonGenerator json = generator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("accounts");
            for (AccountStanding standing : standings) {
                json.writeStartObject();
                json.writeStringField("accountId", standing.account().id().value());
                json.writeStringField("accountAlias", standing.account().alias());
                json.writeBooleanField("reachable", standing.reachability().reachable());
                json.writeStringField("reason", standing.reason());
                json.writeFieldName("report");
                if (standing.reported()) {
                    writeReport(json, standing.report(), standing.report().select(filter));
                } else {
                    json.writeNull();
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            OrganizationTotals totals = OrganizationTotals.of(standings);
            json.writeObjectFieldStart("totals");
            json.writeNumberField("accounts", totals.accounts());
            json.writeNumberField("reportedAccounts", totals.reported());
            json.writeNumberField("unreportedAccounts", totals.unreported());
            writeCounts(json, totals.counts());
            json.writeNumberField("percentCompliant", totals.percentCompliant());
            json.writeNumberField("accountsWithRootMfa", totals.rootMfaActive());
            json.writeNumberField("accountsWithoutRootMfa", totals.rootMfaNotActive());
            json.writeEndObject();
            json.writeEndObject();
            end(json, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonGenerator generator(Writer out) throws IOException {
        JsonGenerator json = JSON.createGenerator(out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.useDefaultPrettyPrinter();
        return json;
    }

    private static void end(JsonGenerator json, Writer out) throws IOException {
        json.flush();
        out.append('\n').flush();
    }

    private static void writeReport(JsonGenerator json, ComplianceReport report, Iterable<UserCompliance> users)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("generatedAt", report.generatedAt().toString());
        writeCounts(json, report.counts());
        json.writeNumberField("percentCompliant", report.percentCompliant());
        json.writeFieldName("rootMfaActive");
        switch (report.rootMfa()) {
            case ACTIVE -> json.writeBoolean(true);
            case NOT_ACTIVE -> json.writeBoolean(false);
            case NOT_IN_REPORT -> json.writeNull();
        }
        json.writeArrayFieldStart("users");
        for (UserCompliance user : users) {
            json.writeStartObject();
            json.writeStringField("user", user.user());
            json.writeStringField("arn", user.arn());
            json.writeStringField("category", user.category().name());
            json.writeBooleanField("passwordEnabled", user.passwordEnabled());
            json.writeBooleanField("mfaActive", user.mfaActive());
            json.writeStringField("passwordLastUsed",
                    user.passwordLastUsed() == null ? null : user.passwordLastUsed().toString());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeCounts(JsonGenerator json, ComplianceReport.Counts counts) throws IOException {
        json.writeObjectFieldStart("counts");
        json.writeNumberField("users", counts.users());
        json.writeNumberField("nonCompliant", counts.nonCompliant());
        json.writeNumberField("compliantWithMfa", counts.compliantWithMfa());
        json.writeNumberField("noConsolePassword", counts.noConsolePassword());
        json.writeNumberField("withConsolePassword", counts.withConsolePassword());
        json.writeNumberField("withConsolePasswordAndMfa", counts.withConsolePasswordAndMfa());
        json.writeEndObject();
    }
}
