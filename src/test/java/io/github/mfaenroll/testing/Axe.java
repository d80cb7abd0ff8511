package io.github.mfaenroll.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The axe-core accessibility engine (Deque's {@code axe.min.js}, from the {@code com.deque.html.axe-core:selenium}
 * test dependency) run inside the page shown in a {@link Chromium}. Injected through WebDriver, so the page's
 * Content-Security-Policy (no inline script) does not stop it and nothing of it ships with the app.
 */
public final class Axe {

    /** WCAG 2.0 and 2.1, levels A and AA. */
    public static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private static final String SOURCE = load();

    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
              .then(result => done(result.violations.map(v => ({
                id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''}))}))))
              .catch(error => done([{id: 'axe-error', impact: 'critical', help: String(error), helpUrl: '', nodes: []}]));
            """;

    private Axe() {
    }

    /** One rule broken on a page, with where. */
    public record Violation(String page, String rule, String impact, String help, String helpUrl, List<String> where) {
        @Override
        public String toString() {
            return page + ": [" + impact + "] " + rule + ": " + help + " (" + helpUrl + ")"
                    + where.stream().map(w -> "\n      " + w.replace("\n", "\n        ")).collect(Collectors.joining());
        }
    }

    /** Runs the WCAG 2.1 A/AA rules on the page shown now; {@code page} names it in the result. */
    @SuppressWarnings("unchecked")
    public static List<Violation> check(Chromium browser, String page) {
        // Injected and run in one script: a page that reloads itself in between (a progress page) cannot leave the
        // run without its engine.
        List<Map<String, Object>> found = (List<Map<String, Object>>) browser.driver()
                .executeAsyncScript("if (typeof window.axe !== 'object') {\n" + SOURCE + "\n}\n" + RUN, WCAG_21_AA);
        return found.stream().map(v -> new Violation(page, (String) v.get("id"), (String) v.get("impact"),
                (String) v.get("help"), (String) v.get("helpUrl"),
                ((List<Map<String, Object>>) v.get("nodes")).stream()
                        .map(n -> "at " + n.get("target") + ": " + n.get("summary")).toList())).toList();
    }

    /** The violations one per paragraph, for an assertion message a person can act on. */
    public static String report(List<Violation> violations) {
        return violations.size() + " accessibility violation(s):\n  "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("\n  "));
    }

    private static String load() {
        try (InputStream in = Axe.class.getResourceAsStream("/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the test classpath (com.deque.html.axe-core:selenium)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
