package io.github.mfaenroll.web;

import io.github.mfaenroll.text.Languages;
import io.github.mfaenroll.text.Messages;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers when it refuses a request before the app sees it (a broken percent escape, a path too long to
 * read, a header it cannot parse): the app's security headers, {@code no-store}, and a short page in the reader's
 * language that says only the status. Jetty's own page echoes the request's URI, which may hold an onboarding token
 * or a sign-in code, and carries no CSP. There is no Javalin context here, so no template either: the page is a
 * few lines of HTML around texts from the bundles, never anything from the request.
 */
public final class JettyErrorHandler extends ErrorHandler {

    private final SecurityHeaders securityHeaders;

    public JettyErrorHandler(SecurityHeaders securityHeaders) {
        this.securityHeaders = securityHeaders;
    }

    /** Whatever the method: Jetty's default answers other methods than GET, POST and HEAD without any header. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        Locale locale = Languages.choose(null, request.getHeaders().get(HttpHeader.ACCEPT_LANGUAGE));
        writeHeaders(response.getHeaders(), locale);
        response.write(true, ByteBuffer.wrap(page(code, locale).getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** For a request too broken to become a request at all: the same headers and page, in English. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        writeHeaders(fields, Languages.DEFAULT);
        return ByteBuffer.wrap(page(status, Languages.DEFAULT).getBytes(StandardCharsets.UTF_8));
    }

    private void writeHeaders(HttpFields.Mutable fields, Locale locale) {
        securityHeaders.all().forEach(fields::put);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        fields.put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        fields.put(HttpHeader.CONTENT_LANGUAGE, locale.toLanguageTag());
    }

    private static String page(int status, Locale locale) {
        String title = escape(Messages.text(locale, "error.title"));
        return "<!DOCTYPE html>\n<html lang=\"" + locale.toLanguageTag() + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + title + "</title>\n<link rel=\"stylesheet\" href=\"" + Paths.STATIC + "/css/app.css\">\n"
                + "</head>\n<body>\n<main>\n<h1>" + title + "</h1>\n<div class=\"notice error\" role=\"alert\">\n<p>"
                + escape(Messages.text(locale, "error.unreadable_request", status)) + "</p>\n</div>\n<p><a href=\""
                + Paths.HOME + "\">" + escape(Messages.text(locale, "error.home")) + "</a></p>\n</main>\n</body>\n"
                + "</html>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
