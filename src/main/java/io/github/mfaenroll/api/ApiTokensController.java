package io.github.mfaenroll.api;

import io.github.mfaenroll.identity.ApiScope;
import io.github.mfaenroll.web.Flash;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The console's page for API tokens ({@code /helpdesk/tokens}, administrators only): what {@code token list},
 * {@code token create} and {@code token revoke} do, as HTML forms over the same {@link ApiTokens}, so the name, scope
 * and expiry rules are the command line's. It lives next to the service it drives, not next to the JSON controllers
 * under {@code /api}: it answers a session, never a bearer token.
 *
 * <p>A new token is shown once, in the answer to the POST that created it (no redirect: it would have to travel in
 * the session, a flash or a URL). Nothing else keeps it: the audit entry and the log line {@link ApiTokens} writes
 * name the token, never hold it. Revoking is Post/Redirect/Get with a flash.
 */
public record ApiTokensController(ApiTokens tokens, Flash flash, Clock clock, URI baseUrl) {

    /** The expiry offered first: long enough for an integration, short enough that a forgotten token runs out. */
    static final String DEFAULT_EXPIRY = "P90D";
    /** The form's value for "does not expire", which the command line allows by leaving out {@code --expires}. */
    static final String NO_EXPIRY = "never";
    private static final List<String> EXPIRY_CHOICES = List.of("P30D", DEFAULT_EXPIRY, "P365D", NO_EXPIRY);

    /** One token as the list shows it: never the token or its hash (the store has neither to give). */
    public record Row(String name, List<String> scopes, String createdBy, Instant createdAt, Instant expiresAt,
                      Instant lastUsedAt, String state) {
        public boolean active() {
            return ApiToken.State.ACTIVE.label().equals(state);
        }
    }

    /** A scope's checkbox: its wire name (the value), the key of its explanation, and whether it is ticked. */
    public record ScopeChoice(String wireName, String key, boolean checked) {
    }

    /** An expiry radio button: its value, the days it stands for (0 for none), and whether it is chosen. */
    public record ExpiryChoice(String value, long days, boolean checked) {
    }

    /** What the create form was sent with, to fill it in again after a mistake. Nothing in it is secret. */
    public record Form(String name, Set<String> scopes, String expires) {
        static final Form EMPTY = new Form("", Set.of(), DEFAULT_EXPIRY);
    }

    /** A mistake in one form of the page: which form ({@code create}, {@code revoke}), which field, which message. */
    public record FormError(String form, String field, String messageKey) {
        static final FormError NONE = new FormError("", "", "");
    }

    /** The page: the tokens, the create form (refilled after a mistake), the revoke form and the flash. */
    public record TokensPage(List<Row> tokens, List<Row> active, List<ScopeChoice> scopes,
                             List<ExpiryChoice> expiries, Form form, FormError error, String flash) {
        public boolean hasError() {
            return !error.form().isEmpty();
        }
    }

    /** The answer to a successful create: the token itself, this once, and how to send it. */
    public record CreatedPage(String name, String token, List<String> scopes, Instant expiresAt, String example) {
    }

    public void page(Context ctx) {
        render(ctx, 200, Form.EMPTY, FormError.NONE);
    }

    public void create(Context ctx) {
        Form form = new Form(text(ctx.formParam("name")), Set.copyOf(ctx.formParams("scope")),
                text(ctx.formParam("expires")));
        ApiTokens.IssuedToken issued;
        try {
            Set<ApiScope> scopes = ApiTokens.parseScopes(String.join(",", form.scopes()));
            // Only what the form offers: the command line takes any duration up to its cap, the console its choices.
            if (!EXPIRY_CHOICES.contains(form.expires())) {
                throw new TokenRefused(TokenRefused.Kind.INVALID_EXPIRY, "Choose one of the offered expiries.");
            }
            Duration expiresIn = NO_EXPIRY.equals(form.expires()) ? null : ApiTokens.parseExpiry(form.expires());
            issued = tokens.create(form.name(), scopes, expiresIn, actor(ctx));
        } catch (TokenRefused e) {
            if (e.kind().field() == null) {
                throw e;
            }
            render(ctx, e.kind().status(), form, new FormError("create", e.kind().field(), e.kind().messageKey()));
            return;
        }
        ApiToken stored = issued.stored();
        String example = usageExamples(stored.scopes());
        ctx.header("Cache-Control", "no-store");
        ctx.render(Templates.HELPDESK_TOKEN_CREATED, WebContext.model(ctx, Map.of("page", new CreatedPage(
                stored.name(), issued.token(), wireNames(stored.scopes()), stored.expiresAt(), example))));
    }

    public void revoke(Context ctx) {
        String name = text(ctx.formParam("name"));
        if (ctx.formParam("confirm") == null) {
            render(ctx, 400, Form.EMPTY, new FormError("revoke", "confirm", "tokens.refused.not_confirmed"));
            return;
        }
        ApiTokens.Revocation revocation = tokens.revoke(name, actor(ctx));
        flash.set(ctx, revocation.revokedNow() ? "tokens.revoked" : "tokens.already_revoked");
        ctx.redirect(Paths.HELPDESK_TOKENS, HttpStatus.SEE_OTHER);
    }

    /**
     * One call per scope of the token, each a line to paste. The token goes to curl on standard input ({@code -H @-}),
     * never as an argument: a command line is visible to every user of the machine in the process list.
     */
    String usageExamples(Set<ApiScope> scopes) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        String header = "printf 'Authorization: Bearer %s\\n' \"$TOKEN\" | curl -H @- ";
        return scopes.stream().sorted().map(scope -> header + switch (scope) {
            case USERS_READ -> base + Paths.API_USER.replace("{name}", "NAME");
            case COMPLIANCE_READ -> base + Paths.API_COMPLIANCE;
            case LINKS_WRITE -> "-H 'Content-Type: application/json' --data '{\"user\": \"NAME\"}' "
                    + base + Paths.API_LINKS;
            case DEVICES_WRITE -> "-X DELETE -H 'Content-Type: application/json' --data '{\"reason\": \"REASON\"}' "
                    + base + Paths.API_USER_DEVICE.replace("{name}", "NAME").replace("{serial}", "SERIAL");
        }).collect(Collectors.joining("\n\n"));
    }

    private void render(Context ctx, int status, Form form, FormError error) {
        Instant now = clock.instant();
        List<Row> rows = tokens.list().stream().map(t -> new Row(t.name(), wireNames(t.scopes()), t.createdBy(),
                t.createdAt(), t.expiresAt(), t.lastUsedAt(), t.state(now).label())).toList();
        List<ScopeChoice> scopes = Arrays.stream(ApiScope.values()).map(s -> new ScopeChoice(s.wireName(),
                s.name().toLowerCase(Locale.ROOT), form.scopes().contains(s.wireName()))).toList();
        List<ExpiryChoice> expiries = EXPIRY_CHOICES.stream().map(value -> new ExpiryChoice(value,
                NO_EXPIRY.equals(value) ? 0 : Duration.parse(value).toDays(), value.equals(form.expires()))).toList();
        TokensPage page = new TokensPage(rows, rows.stream().filter(Row::active).toList(), scopes, expiries, form,
                error, flash.take(ctx));
        ctx.status(status);
        ctx.header("Cache-Control", "no-store");
        ctx.render(Templates.HELPDESK_TOKENS, WebContext.model(ctx, Map.of("page", page)));
    }

    /** The staff member as the session names them: the actor of the audit entries {@link ApiTokens} writes. */
    private static String actor(Context ctx) {
        return WebContext.requireSession(ctx).principal();
    }

    private static List<String> wireNames(Set<ApiScope> scopes) {
        return scopes.stream().sorted().map(ApiScope::wireName).toList();
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }
}
