package io.github.mfaenroll.helpdesk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import io.github.mfaenroll.enrollment.EnrollmentProblem;
import io.github.mfaenroll.enrollment.EnrollmentService;
import io.github.mfaenroll.enrollment.VerifyProblem;
import io.github.mfaenroll.helpdesk.Walkthrough.Progress;
import io.github.mfaenroll.helpdesk.Walkthrough.Step;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.text.Messages;
import io.github.mfaenroll.web.HttpProblem;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The helpdesk's live walk-through of one person's setup: a page that reloads itself every few seconds without
 * JavaScript, and the JSON its script polls instead. Both show only {@link Progress}: never a seed, QR code or code.
 */
public record WalkthroughController(AccountDirectory accounts, Walkthrough walkthrough) {
    /** How often the page reloads itself when scripts are off. */
    static final int REFRESH_SECONDS = 5;

    public void page(Context ctx) {
        AccountId account = account(ctx);
        String typed = ctx.pathParam("name");
        String canonical = typed;
        if (Walkthrough.USER_NAME.matcher(typed).matches()) {
            try {
                canonical = walkthrough.spellingInIam(new AccountUser(account, typed));
            } catch (Walkthrough.UnknownUser e) {
                throw new HttpProblem(404, "walkthrough.unknown_user");
            }
        }
        if (!canonical.equals(typed)) {
            // IAM names ignore case but the app stores IAM's spelling: watch (and poll) under that one.
            ctx.redirect(Paths.HELPDESK_USER_LIVE.replace("{account}", account.value()).replace("{name}", canonical),
                    HttpStatus.SEE_OTHER);
            return;
        }
        Locale locale = WebContext.locale(ctx);
        Progress progress = progress(ctx);
        Map<String, Object> page = new HashMap<>();
        page.put("user", progress.user());
        page.put("userPath", UserPaths.of(new AccountUser(account(ctx), progress.user())));
        page.put("hasMfa", mfaText(locale, progress.hasMfa()));
        page.put("step", Messages.text(locale, "walkthrough.step." + progress.step().key()));
        page.put("failedAttempts", progress.failedAttempts());
        page.put("lastProblem", problemText(locale, progress));
        page.put("updatedAt", orNone(locale, progress.updatedAt()));
        page.put("expiresAt", orNone(locale, progress.expiresAt()));
        page.put("refreshSeconds", REFRESH_SECONDS);
        page.put("labels", labels(locale));
        ctx.render(Templates.HELPDESK_LIVE, WebContext.model(ctx, page));
    }

    public void json(Context ctx) {
        Progress progress = progress(ctx);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("user", progress.user());
        fields.put("hasMfa", progress.hasMfa());
        fields.put("step", progress.step().key());
        fields.put("failedAttempts", progress.failedAttempts());
        String problem = problemText(WebContext.locale(ctx), progress);
        fields.put("lastProblem", problem.isEmpty() ? null : problem);
        fields.put("updatedAt", Objects.toString(progress.updatedAt(), null));
        fields.put("expiresAt", Objects.toString(progress.expiresAt(), null));
        ctx.contentType("application/json; charset=utf-8").result(json(fields));
    }

    /**
     * One flat JSON object. Besides what RFC 8259 requires, {@code <}, {@code >}, {@code &}, U+2028 and U+2029 are
     * escaped, so the text stays inert wherever a browser might sniff or embed it.
     */
    private static String json(Map<String, ?> fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.setCharacterEscapes(ESCAPES);
            json.writeStartObject();
            for (Map.Entry<String, ?> field : fields.entrySet()) {
                json.writeFieldName(field.getKey());
                Object value = field.getValue();
                if (value == null) {
                    json.writeNull();
                } else if (value instanceof Boolean bool) {
                    json.writeBoolean(bool);
                } else if (value instanceof Number number) {
                    json.writeNumber(number.longValue());
                } else {
                    json.writeString(value.toString());
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static final CharacterEscapes ESCAPES = new CharacterEscapes() {
        private final int[] ascii = standardAsciiEscapesForJSON();

        {
            ascii['<'] = ESCAPE_STANDARD;
            ascii['>'] = ESCAPE_STANDARD;
            ascii['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x2028 || ch == 0x2029 ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    };

    /** The account in the path: one this deployment serves, else 404. */
    private AccountId account(Context ctx) {
        String account = ctx.pathParam("account");
        if (!AccountId.isAccountId(account) || accounts.byId(new AccountId(account)).isEmpty()) {
            throw new HttpProblem(404, "error.not_found");
        }
        return new AccountId(account);
    }

    private Progress progress(Context ctx) {
        AccountId account = account(ctx);
        String name = ctx.pathParam("name");
        if (!Walkthrough.USER_NAME.matcher(name).matches()) {
            throw new HttpProblem(404, "error.not_found");
        }
        try {
            return walkthrough.progress(new AccountUser(account, name));
        } catch (Walkthrough.UnknownUser e) {
            throw new HttpProblem(404, "walkthrough.unknown_user");
        }
    }

    /**
     * The last mistake in the words the person saw in the wizard, with the attempts they had left; a clock problem
     * with its offset. Problems that are not typing mistakes (IAM errors, an interrupted start) are named as stored.
     */
    static String problemText(Locale locale, Progress progress) {
        String stored = progress.lastProblem();
        if (stored == null || stored.isBlank()) {
            return "";
        }
        Optional<VerifyProblem> known = VerifyProblem.fromCode(stored);
        if (known.isPresent() && known.get().inWizard()
                && (!known.get().clockProblem() || progress.clockOffsetSeconds() != null)) {
            long attemptsLeft = Math.max(0, EnrollmentService.MAX_FAILED_ATTEMPTS - progress.failedAttempts());
            long offset = known.get().clockProblem() ? progress.clockOffsetSeconds() : 0;
            return Messages.text(locale, known.get().wizardMessageKey(), offset, attemptsLeft);
        }
        if (known.equals(Optional.of(VerifyProblem.TOO_MANY_ATTEMPTS))) {
            return Messages.text(locale, EnrollmentProblem.Kind.TOO_MANY_ATTEMPTS.messageKey());
        }
        return Messages.text(locale, "walkthrough.problem.other", stored);
    }

    private static String mfaText(Locale locale, Boolean hasMfa) {
        return Messages.text(locale, hasMfa == null ? "walkthrough.mfa.unknown"
                : hasMfa ? "walkthrough.mfa.yes" : "walkthrough.mfa.no");
    }

    /** An instant for the {@code when} filter, or the "none" text (which the filter passes through). */
    private static Object orNone(Locale locale, Instant instant) {
        return instant == null ? Messages.text(locale, "walkthrough.none") : instant;
    }

    /** The words the script needs to show JSON values the way this page does. */
    private static Map<String, String> labels(Locale locale) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Step step : Step.values()) {
            labels.put("step." + step.key(), Messages.text(locale, "walkthrough.step." + step.key()));
        }
        labels.put("mfa.true", mfaText(locale, true));
        labels.put("mfa.false", mfaText(locale, false));
        labels.put("mfa.null", mfaText(locale, null));
        labels.put("none", Messages.text(locale, "walkthrough.none"));
        labels.put("live", Messages.text(locale, "walkthrough.status.live"));
        labels.put("paused", Messages.text(locale, "walkthrough.status.paused"));
        return labels;
    }
}
