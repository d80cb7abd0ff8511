package io.github.mfaenroll.web;

import io.github.mfaenroll.text.Messages;
import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.identity.Sessions;
import io.javalin.http.Context;
import java.util.Arrays;

/**
 * One-shot messages across a Post/Redirect/Get. Stored in the session as a message key and numeric arguments
 * only (never user input), rendered in the reader's language on the next page.
 */
public final class Flash {

    private final Sessions sessions;

    public Flash(Sessions sessions) {
        this.sessions = sessions;
    }

    public void set(Context ctx, String messageKey, long... args) {
        StringBuilder value = new StringBuilder(messageKey);
        for (long arg : args) {
            value.append('|').append(arg);
        }
        sessions.setFlash(WebContext.requireSession(ctx), value.toString());
    }

    /** The pending message as text, or "" when there is none. */
    public String take(Context ctx) {
        Session session = WebContext.session(ctx);
        if (session == null) {
            return "";
        }
        return sessions.takeFlash(session).map(value -> {
            String[] parts = value.split("\\|");
            Object[] args = Arrays.stream(parts, 1, parts.length).map(Long::valueOf).toArray();
            return Messages.text(WebContext.locale(ctx), parts[0], args);
        }).orElse("");
    }
}
