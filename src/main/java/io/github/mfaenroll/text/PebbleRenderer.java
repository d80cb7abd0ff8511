package io.github.mfaenroll.text;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@code templates/NAME.peb} from the classpath with Pebble 4. Autoescaping is on and variables are
 * strict, so a typo in a template fails loudly instead of printing nothing. Templates get {@code t(key, arg)} for
 * translated text.
 * (Not javalin-rendering: its Pebble module is built against Pebble's old {@code com.mitchellbosecke} package and
 * fails at run time with Pebble 4, and its Javalin 7 version is not published where we build.)
 */
public final class PebbleRenderer {

    private final PebbleEngine engine;

    public PebbleRenderer(boolean cacheTemplates) {
        ClasspathLoader loader = new ClasspathLoader();
        loader.setPrefix("templates");
        loader.setSuffix(".peb");
        this.engine = new PebbleEngine.Builder()
                .loader(loader)
                .autoEscaping(true)
                .strictVariables(true)
                .cacheActive(cacheTemplates)
                .extension(new MessagesExtension())
                .build();
    }

    /** Renders {@code templateName} in {@code locale} (pages through {@code web.PageRenderer}, mail bodies, tests). */
    public String render(String templateName, Map<String, ?> model, Locale locale) {
        PebbleTemplate template = engine.getTemplate(templateName);
        StringWriter out = new StringWriter();
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) model;
            template.evaluate(out, context, locale);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * {@code t("key")} or {@code t("key", arg)}: the message in the page's locale; {@code instant | when}: a date
     * and time in the page's locale, in UTC (unambiguous for people in different time zones).
     */
    private static final class MessagesExtension extends AbstractExtension {
        @Override
        public Map<String, Filter> getFilters() {
            return Map.of("when", new Filter() {
                @Override
                public List<String> getArgumentNames() {
                    return List.of();
                }

                @Override
                public Object apply(Object input, Map<String, Object> args, PebbleTemplate self,
                                    EvaluationContext context, int lineNumber) {
                    if (!(input instanceof Instant instant)) {
                        return input;
                    }
                    return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                            .withLocale(context.getLocale()).withZone(ZoneOffset.UTC).format(instant) + " UTC";
                }
            });
        }

        @Override
        public Map<String, Function> getFunctions() {
            return Map.of("t", new Function() {
                @Override
                public List<String> getArgumentNames() {
                    return List.of("key", "arg");
                }

                @Override
                public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                                      int lineNumber) {
                    Object arg = args.get("arg");
                    String key = String.valueOf(args.get("key"));
                    return arg == null ? Messages.text(context.getLocale(), key)
                            : Messages.text(context.getLocale(), key, arg);
                }
            });
        }
    }
}
