package io.github.mfaenroll.web;

import io.github.mfaenroll.text.Languages;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Locale;

/**
 * The language switch on every page: a form that POSTs the chosen language (with the page's CSRF token, signed in
 * or not), remembers it in a cookie and sends the browser back to the page it came from. Only a path on this site
 * is followed back; anything else goes to the start page.
 */
public record LanguageController(SessionCookies cookies) {

    public void switchLanguage(Context ctx) {
        Locale chosen = Languages.byTag(ctx.formParam("lang"))
                .orElseThrow(() -> new HttpProblem(400, "error.language_unknown"));
        cookies.writeLanguage(ctx, chosen.getLanguage());
        String back = ctx.formParam("back");
        ctx.redirect(Languages.isLocalPath(back) ? back : Paths.HOME, HttpStatus.SEE_OTHER);
    }
}
