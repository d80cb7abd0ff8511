package io.github.mfaenroll.web;

import io.github.mfaenroll.text.PebbleRenderer;
import io.javalin.http.Context;
import io.javalin.rendering.FileRenderer;
import java.util.Locale;
import java.util.Map;

/** Javalin's {@code ctx.render}: the page's template in the reader's language, which the response also names. */
public final class PageRenderer implements FileRenderer {

    private final PebbleRenderer templates;

    public PageRenderer(PebbleRenderer templates) {
        this.templates = templates;
    }

    @Override
    public String render(String templateName, Map<String, ?> model, Context ctx) {
        Locale locale = WebContext.locale(ctx);
        ctx.header("Content-Language", locale.toLanguageTag());
        return templates.render(templateName, model, locale);
    }
}
