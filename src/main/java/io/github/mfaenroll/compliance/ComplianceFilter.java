package io.github.mfaenroll.compliance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the helpdesk asked to see: one category or all, and a piece of a user name. Read from GET parameters
 * (nothing secret, nothing changed), so a filtered view is a link that can be bookmarked or shared.
 *
 * @param query lower-cased, trimmed; empty matches everyone
 */
public record ComplianceFilter(Show show, String query) {

    /** IAM user names are at most 64 characters; a longer search cannot match anything more. */
    static final int MAX_QUERY_LENGTH = 64;

    /** The {@code show} parameter's values. */
    public enum Show {
        ALL("all", null),
        NONCOMPLIANT("noncompliant", ComplianceCategory.NON_COMPLIANT),
        MFA("mfa", ComplianceCategory.COMPLIANT_WITH_MFA),
        NOPASSWORD("nopassword", ComplianceCategory.NO_CONSOLE_PASSWORD);

        private final String param;
        private final ComplianceCategory category;

        Show(String param, ComplianceCategory category) {
            this.param = param;
            this.category = category;
        }

        public String param() {
            return param;
        }

        /** The one category shown; null for {@link #ALL}. */
        public ComplianceCategory category() {
            return category;
        }

        /** The value of a {@code show} parameter; anything unknown (or none) shows everything. */
        public static Show fromParam(String value) {
            return Arrays.stream(values()).filter(s -> s.param.equals(value)).findFirst().orElse(ALL);
        }

        /** The filter that shows exactly this category. */
        public static Show of(ComplianceCategory category) {
            return Arrays.stream(values()).filter(s -> s.category == category).findFirst().orElseThrow();
        }
    }

    public ComplianceFilter {
        query = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (query.length() > MAX_QUERY_LENGTH) {
            query = query.substring(0, MAX_QUERY_LENGTH);
        }
    }

    public static ComplianceFilter of(String show, String query) {
        return new ComplianceFilter(Show.fromParam(show), query);
    }

    /** Everyone, unfiltered. */
    public static ComplianceFilter everyone() {
        return new ComplianceFilter(Show.ALL, "");
    }

    public boolean matches(UserCompliance user) {
        return (show.category() == null || show.category() == user.category())
                && (query.isEmpty() || user.user().toLowerCase(Locale.ROOT).contains(query));
    }

    /** {@code ?show=…&q=…} (q only when set), URL-encoded, for links and redirects that keep this filter. */
    public String queryString() {
        String q = query.isEmpty() ? "" : "&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
        return "?show=" + show.param() + q;
    }
}
