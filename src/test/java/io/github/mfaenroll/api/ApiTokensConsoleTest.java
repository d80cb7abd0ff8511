package io.github.mfaenroll.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.iam.simulator.DemoOrganization;
import io.github.mfaenroll.identity.ApiScope;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.LogHygiene;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestAppExtension;
import io.github.mfaenroll.text.Messages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The console's API tokens page ({@code /helpdesk/tokens}) over real HTTP through the real app: an administrator
 * creates a token, sees it once, uses it against the API and revokes it; helpdesk staff, forged forms and mistakes in
 * the form are refused. The token must reach no later page, no audit entry and no log line.
 */
class ApiTokensConsoleTest {

    private static final Pattern TOKEN = Pattern.compile("mfa_[A-Za-z0-9_-]{43}");
    private static final String API_ALICE = "/api/v1/users/alice?account=" + DemoOrganization.MANAGEMENT_ALIAS;

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    private static final AtomicInteger NEXT = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();

    private static String newName() {
        return "console-" + NEXT.incrementAndGet();
    }

    /** An administrator's browser on the tokens page, so its forms' CSRF token is loaded. */
    private static Browser adminOnTokensPage() {
        Browser admin = Staff.admin(app.get(), "adam");
        assertThat(admin.get("/helpdesk/tokens").status()).isEqualTo(200);
        return admin;
    }

    private static Map<String, String> createForm(String name, String expires, String... scopes) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("expires", expires);
        // The browser's form has one field per ticked box, all named scope; this map holds one, which is enough here.
        if (scopes.length > 0) {
            form.put("scope", scopes[0]);
        }
        return form;
    }

    /** The token on a page, registered as a secret so no log line may hold it. */
    private static String tokenOn(Page page) {
        Matcher token = TOKEN.matcher(page.body());
        assertThat(token.find()).as("a token on the page").isTrue();
        return Secrets.register(token.group());
    }

    private static long occurrences(String text, String part) {
        return Pattern.compile(Pattern.quote(part)).matcher(text).results().count();
    }

    private HttpResponse<String> callApi(String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUrl() + API_ALICE))
                .header("Authorization", "Bearer " + token).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class AnAdministrator {

        @Test
        void createsATokenThatIsShownOnceAndWorksAgainstTheApi() {
            Browser admin = adminOnTokensPage();
            String name = newName();

            Page created = admin.post("/helpdesk/tokens", createForm(name, "P90D", "users:read"));

            assertThat(created.status()).isEqualTo(200);
            assertThat(created.header("Cache-Control")).isEqualTo("no-store");
            String token = tokenOn(created);
            assertThat(occurrences(created.body(), token)).as("the token appears once on its page").isEqualTo(1);
            assertThat(created.body()).contains("It will not be shown again").contains("Authorization: Bearer")
                    .contains("<code>users:read</code>");
            assertThat(created.location()).isNull();
            HttpResponse<String> call = callApi(token);
            assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
            assertThat(call.body()).contains("\"user\":\"alice\"");
        }

        @ParameterizedTest
        @CsvSource({
            "users:read, /api/v1/users/NAME",
            "compliance:read, /api/v1/compliance",
            "links:write, /api/v1/links",
            "devices:write, /api/v1/users/NAME/devices/SERIAL"
        })
        void isShownHowToCallAnEndpointOfItsScopeWithTheTokenKeptOffTheCommandLine(String scope, String path) {
            Browser admin = adminOnTokensPage();

            Page created = admin.post("/helpdesk/tokens", createForm(newName(), "P30D", scope));

            tokenOn(created);
            String example = created.body().replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'")
                    .replace("&amp;", "&");
            assertThat(example).contains("printf 'Authorization: Bearer %s\\n' \"$TOKEN\" | curl -H @- ")
                    .contains(app.baseUrl() + path)
                    .doesNotContain("-H \"Authorization: Bearer $TOKEN\"");
            if (scope.equals("links:write")) {
                assertThat(example).contains("Content-Type: application/json").contains("{\"user\": \"NAME\"}");
            }
            if (scope.equals("devices:write")) {
                assertThat(example).contains("-X DELETE").contains("\"reason\"");
            }
            assertThat(created.body()).containsPattern("<input id=\"token\" class=\"[^\"]*\\bfull\\b");
        }

        @Test
        void neverSeesTheTokenAgainOnTheListOrInTheAuditTrailOrTheLog() {
            Browser admin = adminOnTokensPage();
            String name = newName();
            String token = tokenOn(admin.post("/helpdesk/tokens", createForm(name, "P30D", "users:read")));

            Page list = admin.get("/helpdesk/tokens");
            Page again = admin.get("/helpdesk/tokens");

            assertThat(list.status()).isEqualTo(200);
            assertThat(list.header("Cache-Control")).isEqualTo("no-store");
            assertThat(list.body()).contains(">" + name + "<").contains("helpdesk:adam").contains("Active")
                    .contains("Not used yet").doesNotContain(token).doesNotContain(token.substring(4));
            assertThat(again.body()).doesNotContain(token);
            assertThat(app.components().audit().latest(500)).noneMatch(e -> (e.actor() + " " + e.subject() + " "
                    + e.detail()).contains(token.substring(4)));
            assertThat(LogHygiene.lines()).noneMatch(line -> line.contains(token.substring(4)));
        }

        @Test
        void isTheActorOfOneAuditEntryForTheCreationAndOneForTheRevocation() {
            Browser admin = adminOnTokensPage();
            String name = newName();
            admin.post("/helpdesk/tokens", createForm(name, "P365D", "compliance:read"));
            admin.get("/helpdesk/tokens");

            admin.post("/helpdesk/tokens/revoke", Map.of("name", name, "confirm", "yes"));

            List<AuditEntry> entries = app.components().audit().forStaff("api:" + name, 10);
            assertThat(entries).extracting(AuditEntry::action)
                    .containsExactly(AuditAction.API_TOKEN_REVOKED, AuditAction.API_TOKEN_CREATED);
            assertThat(entries).allSatisfy(e -> assertThat(e.actor()).isEqualTo("helpdesk:adam"));
            assertThat(entries.get(1).detail()).startsWith("scopes compliance:read, expires ");
        }

        @Test
        void revokesATokenWhichThenAnswers401() {
            Browser admin = adminOnTokensPage();
            String name = newName();
            String token = tokenOn(admin.post("/helpdesk/tokens", createForm(name, "P90D", "users:read")));
            admin.get("/helpdesk/tokens");

            Page revoked = admin.post("/helpdesk/tokens/revoke", Map.of("name", name, "confirm", "yes"));

            assertThat(revoked.status()).isEqualTo(303);
            assertThat(revoked.location()).isEqualTo("/helpdesk/tokens");
            Page list = admin.get(revoked.location());
            assertThat(list.body()).contains("The token was revoked.").contains("Revoked")
                    .doesNotContain("<option value=\"" + name + "\">");
            assertThat(callApi(token).statusCode()).isEqualTo(401);
        }

        @Test
        void mayCreateATokenWithoutExpiryAsTheCommandLineMay() {
            Browser admin = adminOnTokensPage();
            String name = newName();

            tokenOn(admin.post("/helpdesk/tokens", createForm(name, "never", "links:write")));

            assertThat(app.components().apiTokens().find(name)).hasValueSatisfying(t -> {
                assertThat(t.expiresAt()).isNull();
                assertThat(t.createdBy()).isEqualTo("helpdesk:adam");
            });
        }

        @Test
        void isLinkedToThePageFromTheConsoleWhichHelpdeskStaffAreNot() {

            Page adminHome = Staff.admin(app.get(), "adam").get("/helpdesk");
            Page staffHome = Staff.helpdesk(app.get(), "hanna").get("/helpdesk");

            assertThat(adminHome.body()).contains("<a href=\"/helpdesk/tokens\">");
            assertThat(staffHome.body()).doesNotContain("<a href=\"/helpdesk/tokens\">");
        }
    }

    @Nested
    class MistakesInTheForm {

        @Test
        void aBadNameIsShownAtTheFieldWithTheFormRefilled() {
            Browser admin = adminOnTokensPage();

            Page page = admin.post("/helpdesk/tokens", createForm("Not A Slug", "P30D", "users:read"));

            assertThat(page.status()).isEqualTo(400);
            assertThat(page.body()).contains("<title>Error: API tokens")
                    .contains("A token name has 2 to 40 lower-case letters")
                    .contains("<a href=\"#create-name\">")
                    .contains("<p class=\"notice error\" id=\"create-name-error\">A token name has 2 to 40")
                    .contains("value=\"Not A Slug\" aria-describedby=\"create-name-hint create-name-error\" "
                            + "aria-invalid=\"true\"")
                    .contains("value=\"users:read\" checked")
                    .contains("value=\"P30D\" checked");
            assertThat(app.components().apiTokens().find("Not A Slug")).isEmpty();
        }

        @Test
        void aTakenNameIsRefusedAndNothingIsCreated() {
            Browser admin = adminOnTokensPage();
            String name = newName();
            tokenOn(admin.post("/helpdesk/tokens", createForm(name, "P90D", "users:read")));
            admin.get("/helpdesk/tokens");

            Page page = admin.post("/helpdesk/tokens", createForm(name, "P90D", "links:write"));

            assertThat(page.status()).isEqualTo(409);
            assertThat(page.body()).contains("There is already a token with this name.")
                    .doesNotMatch("(?s).*" + TOKEN.pattern() + ".*");
            assertThat(app.components().apiTokens().find(name).orElseThrow().scopes()).extracting(s -> s.wireName())
                    .containsExactly("users:read");
        }

        @Test
        void noScopeIsRefusedAtTheScopes() {
            Browser admin = adminOnTokensPage();
            String name = newName();

            Page page = admin.post("/helpdesk/tokens", createForm(name, "P90D"));

            assertThat(page.status()).isEqualTo(400);
            assertThat(page.body()).contains("Tick at least one scope.").contains("<a href=\"#create-scopes\">")
                    .contains("value=\"" + name + "\"");
            assertThat(app.components().apiTokens().find(name)).isEmpty();
        }

        @Test
        void anUnknownScopeOrExpiryIsRefused() {
            Browser admin = adminOnTokensPage();

            Page scope = admin.post("/helpdesk/tokens", createForm(newName(), "P90D", "users:write"));
            Page expiry = admin.post("/helpdesk/tokens", createForm(newName(), "90 days", "users:read"));

            assertThat(scope.status()).isEqualTo(400);
            assertThat(scope.body()).contains("One of the scopes is not known to this app.");
            assertThat(expiry.status()).isEqualTo(400);
            assertThat(expiry.body()).contains("Choose when the token expires.");
        }

        @ParameterizedTest
        @ValueSource(strings = {"PT2562047788015215H", "P100000000D", "PT1H", "P7D"})
        void anExpiryTheFormDoesNotOfferIsRefusedAtTheFieldAndNothingIsCreated(String expires) {
            Browser admin = adminOnTokensPage();
            String name = newName();

            Page refused = admin.post("/helpdesk/tokens", createForm(name, expires, "users:read"));

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).contains("Choose when the token expires.");
            assertThat(app.components().apiTokens().find(name)).isEmpty();
        }

        @Test
        void aFormOverTheSizeLimitIsRefusedAsBeforeNotAsAnApiProblem() {
            Browser admin = adminOnTokensPage();

            Page refused = admin.post("/helpdesk/tokens", createForm("x".repeat(70 * 1024), "P90D", "users:read"));

            assertThat(refused.status()).isEqualTo(413);
            assertThat(refused.header("Content-Type")).doesNotStartWith("application/problem+json");
        }

        @Test
        void aRevocationWithoutConfirmationChangesNothing() {
            Browser admin = adminOnTokensPage();
            String name = newName();
            String token = tokenOn(admin.post("/helpdesk/tokens", createForm(name, "P90D", "users:read")));
            admin.get("/helpdesk/tokens");

            Page page = admin.post("/helpdesk/tokens/revoke", Map.of("name", name));

            assertThat(page.status()).isEqualTo(400);
            assertThat(page.body()).contains("Tick the box to confirm").contains("<a href=\"#revoke-confirm\">");
            assertThat(callApi(token).statusCode()).isEqualTo(200);
        }

        @Test
        void revokingAnUnknownTokenIsNotFound() {
            Browser admin = adminOnTokensPage();

            Page page = admin.post("/helpdesk/tokens/revoke", Map.of("name", "never-made", "confirm", "yes"));

            assertThat(page.status()).isEqualTo(404);
            assertThat(page.body()).contains("There is no API token with this name.");
        }
    }

    @Nested
    class Refused {

        @Test
        void helpdeskStaffGet403ForThePageAndEveryForm() {
            String name = newName();
            String token = tokenOn(adminOnTokensPage().post("/helpdesk/tokens", createForm(name, "P90D",
                    "users:read")));
            Browser staff = Staff.helpdesk(app.get(), "hanna");
            staff.get("/helpdesk");

            Page page = staff.get("/helpdesk/tokens");
            Page create = staff.post("/helpdesk/tokens", createForm("by-helpdesk", "P90D", "users:read"));
            Page revoke = staff.post("/helpdesk/tokens/revoke", Map.of("name", name, "confirm", "yes"));

            assertThat(List.of(page.status(), create.status(), revoke.status())).containsOnly(403);
            assertThat(page.body()).contains("You are not allowed to do that.").doesNotContain(name);
            assertThat(app.components().apiTokens().find("by-helpdesk")).isEmpty();
            assertThat(callApi(token).statusCode()).isEqualTo(200);
            assertThat(app.components().audit().latest(20)).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo(AuditAction.ACCESS_DENIED);
                assertThat(e.actor()).isEqualTo("helpdesk:hanna");
                assertThat(e.detail()).isEqualTo("POST /helpdesk/tokens");
            });
        }

        @Test
        void aFormWithoutTheCsrfTokenCreatesAndRevokesNothing() {
            Browser admin = adminOnTokensPage();
            String name = newName();
            String token = tokenOn(admin.post("/helpdesk/tokens", createForm(name, "P90D", "users:read")));

            Page create = admin.postRaw("/helpdesk/tokens", createForm("forged", "P90D", "users:read"), Map.of());
            Page revoke = admin.postRaw("/helpdesk/tokens/revoke", Map.of("name", name, "confirm", "yes"), Map.of());

            assertThat(create.status()).isEqualTo(403);
            assertThat(create.body()).contains("This form expired or came from another site");
            assertThat(revoke.status()).isEqualTo(403);
            assertThat(app.components().apiTokens().find("forged")).isEmpty();
            assertThat(callApi(token).statusCode()).isEqualTo(200);
        }

        @Test
        void withoutASessionThePageNeedsSignIn() {

            Page page = app.browser().get("/helpdesk/tokens");

            assertThat(page.status()).isEqualTo(401);
        }
    }

    @ParameterizedTest
    @EnumSource(TokenRefused.Kind.class)
    void everyRefusalHasATextInEveryLanguageAndAFieldOrAPageOfItsOwn(TokenRefused.Kind kind) {

        List<String> texts = Stream.of(Locale.ENGLISH, Locale.GERMAN, Locale.forLanguageTag("es"))
                .map(locale -> Messages.text(locale, kind.messageKey())).toList();

        assertThat(texts).doesNotHaveDuplicates().allSatisfy(text -> assertThat(text).isNotBlank());
        assertThat(kind.field() == null).as("only an unknown token is not a mistake in a field")
                .isEqualTo(kind == TokenRefused.Kind.UNKNOWN_TOKEN);
    }

    @Test
    void aTokenMadeOnTheCommandLineIsListedWithItsState() {
        String name = newName();
        Secrets.register(app.components().apiTokens().create(name, Set.of(ApiScope.USERS_READ), Duration.ofHours(1),
                "cli:ops").token());
        app.clock().advance(Duration.ofHours(2));

        Page list = Staff.admin(app.get(), "adam").get("/helpdesk/tokens");

        assertThat(list.body()).contains(">" + name + "<").contains("cli:ops").contains("Expired");
    }
}
