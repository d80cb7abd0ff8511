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
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("generatedAt", report.generatedAt().toString());
            ComplianceReport.Counts counts = report.counts();
            json.writeObjectFieldStart("counts");
            json.writeNumberField("users", counts.users());
            json.writeNumberField("nonCompliant", counts.nonCompliant());
            json.writeNumberField("compliantWithMfa", counts.compliantWithMfa());
            json.writeNumberField("noConsolePassword", counts.noConsolePassword());
            json.writeNumberField("withConsolePassword", counts.withConsolePassword());
            json.writeNumberField("withConsolePasswordAndMfa", counts.withConsolePasswordAndMfa());
            json.writeEndObject();
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
            json.flush();
            out.append('\n').flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
