package io.github.mfaenroll.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import io.github.mfaenroll.app.RouteTable;
import io.github.mfaenroll.iam.simulator.DemoOrganization;
import io.github.mfaenroll.identity.ApiScope;
import io.github.mfaenroll.testing.ApiCalls;
import io.github.mfaenroll.testing.OpenApiContract;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestAppExtension;
import io.github.mfaenroll.web.Access;
import io.github.mfaenroll.web.ApiProblem;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.Route;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI document at {@code /api/openapi.json} stays true: a real OpenAPI parser finds nothing to say about it, it
 * describes exactly the API routes of the route table with their scopes, and real answers of the real app (the demo
 * organization: alice in demo-corp and demo-dev, carol with a device) match its schemas, errors included.
 */
class OpenApiDocumentTest {

    /** Small, so one test reaches the per-token limit; every test takes tokens of its own. */
    private static final int MAX_CALLS = 3;

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(Map.of("MFA_API_MAX_REQUESTS",
            String.valueOf(MAX_CALLS), "MFA_API_WINDOW", "PT1M"));

    private static final AtomicInteger NEXT = new AtomicInteger();

    private static String token(ApiScope... scopes) {
        return Secrets.register(app.components().apiTokens().create("openapi-" + NEXT.incrementAndGet(),
                Set.of(scopes), null, "test").token());
    }

    private HttpResponse<String> get(String pathAndQuery, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + pathAndQuery));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return ApiCalls.send(request.build());
    }

    /** {@code response} as if it had come with {@code body}: status, headers and request unchanged. */
    private static HttpResponse<String> withBody(HttpResponse<String> response, String body) {
        return new HttpResponse<>() {
            @Override
            public int statusCode() {
                return response.statusCode();
            }

            @Override
            public HttpRequest request() {
                return response.request();
            }

            @Override
            public Optional<HttpResponse<String>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public HttpHeaders headers() {
                return response.headers();
            }

            @Override
            public String body() {
                return body;
            }

            @Override
            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            @Override
            public URI uri() {
                return response.uri();
            }

            @Override
            public HttpClient.Version version() {
                return response.version();
            }
        };
    }

    private static String packedDocument() {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream(OpenApiController.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /api/v1/users/{name}} as the document keys it (Javalin's {@code <name>} written as OpenAPI's). */
    private static String operationOf(Route route) {
        return route.method().name().toUpperCase(Locale.ROOT) + " "
                + route.path().replaceAll("<([^>]+)>", "{$1}");
    }

    private static List<Route> apiRoutes() {
        return RouteTable.of(app.components()).stream().filter(r -> Paths.isApi(r.path())).toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Nested
    class TheDocument {

        @Test
        void isOpenApi31ThatARealParserReadsWithoutASingleMessage() {
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            options.setValidateInternalRefs(true);

            SwaggerParseResult result = new OpenAPIV3Parser().readContents(packedDocument(), null, options);

            assertThat(result.getMessages()).isEmpty();
            assertThat(result.getOpenAPI()).isNotNull();
            assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
            assertThat(result.getOpenAPI().getComponents().getSecuritySchemes()).containsKey("bearer");
            assertThat(result.getOpenAPI().getServers()).singleElement()
                    .satisfies(server -> assertThat(server.getUrl()).isEqualTo("/"));
        }

        @Test
        void namesEveryOperationAndTheProblemsOfEveryCallThatNeedsAToken() {
            Map<String, JsonNode> operations = OpenApiContract.operations();

            assertThat(operations).isNotEmpty().allSatisfy((name, operation) -> {
                assertThat(operation.path("operationId").asText()).as(name).isNotBlank();
                if (!operation.path("security").isEmpty()) {
                    assertThat(operation.path("responses").fieldNames()).toIterable().as(name)
                            .contains("400", "401", "403", "429", "500");
                }
            });
            assertThat(operations.values().stream().map(o -> o.path("operationId").asText()).distinct())
                    .hasSize(operations.size());
        }

        @Test
        void hasOnlySchemasThatAreJsonSchema202012() {
            JsonSchema metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(SchemaLocation.of(SchemaId.V202012));
            Map<String, JsonNode> schemas = new TreeMap<>();
            OpenApiContract.document().at("/components/schemas").fields()
                    .forEachRemaining(e -> schemas.put(e.getKey(), e.getValue()));

            assertThat(schemas).isNotEmpty().allSatisfy((name, schema) ->
                    assertThat(metaSchema.validate(schema)).as(name).isEmpty());
        }

        @Test
        void leavesAnswersOpenForNewMembersAsItPromisesButClosesRequests() {
            JsonNode schemas = OpenApiContract.publishedDocument().at("/components/schemas");
            List<String> closed = new ArrayList<>();
            schemas.fields().forEachRemaining(e -> {
                if (e.getValue().findValues("additionalProperties").stream().anyMatch(v -> v.isBoolean()
                        && !v.asBoolean())) {
                    closed.add(e.getKey());
                }
            });

            assertThat(OpenApiContract.publishedDocument().at("/info/description").asText())
                    .contains("New members may be added");
            assertThat(closed).containsExactlyInAnyOrder("LinkRequest", "DeviceResetRequest");
        }

        @Test
        void describesTheTooLargeBodyAndIamRefusalsOfTheWriteCalls() {
            JsonNode links = OpenApiContract.operation("POST", Paths.API_LINKS).orElseThrow().path("responses");
            JsonNode reset = OpenApiContract.operation("DELETE", Paths.API_USER_DEVICE).orElseThrow()
                    .path("responses");

            assertThat(links.fieldNames()).toIterable().contains("413", "415", "502");
            assertThat(reset.fieldNames()).toIterable().contains("413", "415", "502");
        }

        @Test
        void knowsEveryProblemTypeTheServerCanAnswer() {
            List<String> documented = texts(OpenApiContract.document().at("/components/schemas/ProblemType/enum"));

            assertThat(documented).containsAll(Arrays.stream(ApiProblem.Kind.values()).map(ApiProblem.Kind::type)
                    .toList());
        }
    }

    @Nested
    class TheRouteTable {

        @Test
        void hasEveryApiRouteDescribedWithItsMethod() {
            Set<String> documented = OpenApiContract.operations().keySet();

            assertThat(apiRoutes()).isNotEmpty().allSatisfy(route ->
                    assertThat(documented).as("the document describes %s", operationOf(route))
                            .contains(operationOf(route)));
        }

        /**
         * The other direction: nothing is described that the app does not serve. Fails while the document describes
         * an endpoint whose route is not in the table yet.
         */
        @Test
        void servesEveryOperationTheDocumentDescribes() {
            Set<String> served = apiRoutes().stream().map(OpenApiDocumentTest::operationOf).collect(Collectors.toSet());

            assertThat(OpenApiContract.operations().keySet()).allSatisfy(operation ->
                    assertThat(served).as("the route table serves %s", operation).contains(operation));
        }

        @Test
        void givesEachDescribedRouteTheSecurityOfItsAccessRule() {
            List<Route> described = apiRoutes().stream()
                    .filter(r -> OpenApiContract.operations().containsKey(operationOf(r))).toList();

            assertThat(described).isNotEmpty().allSatisfy(route -> {
                JsonNode operation = OpenApiContract.operations().get(operationOf(route));
                if (route.access() == Access.ANYONE) {
                    assertThat(operation.path("security").isArray()).as(operationOf(route)).isTrue();
                    assertThat(operation.path("security")).as("open: no token").isEmpty();
                    assertThat(operation.has("x-scope")).isFalse();
                } else {
                    String scope = route.scope().wireName();
                    assertThat(operation.path("x-scope").asText()).as(operationOf(route)).isEqualTo(scope);
                    assertThat(texts(operation.path("security").path(0).path("bearer"))).containsExactly(scope);
                    assertThat(operation.path("security")).hasSize(1);
                    assertThat(operation.path("description").asText()).contains(scope);
                }
            });
        }
    }

    @Nested
    class TheDocumentServed {

        @Test
        void isThePackedDocumentForAnyoneCacheableAndWithoutCookies() {

            HttpResponse<String> response = get(Paths.API_OPENAPI, null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(packedDocument());
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/json"));
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
            assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
            OpenApiContract.assertResponseMatches("GET", Paths.API_OPENAPI, response);
        }

        @Test
        void refusesATokenInItsQueryStringAsDescribed() {
            String token = token(ApiScope.USERS_READ);

            HttpResponse<String> response = get(Paths.API_OPENAPI + "?access_token=" + token, null);

            assertThat(response.statusCode()).isEqualTo(400);
            OpenApiContract.assertResponseMatches("GET", Paths.API_OPENAPI, response);
        }
    }

    @Nested
    class TheUsersAnswers {

        @Test
        void withAMemberTheDocumentDoesNotDescribeFailTheContract() throws IOException {
            HttpResponse<String> real = get("/api/v1/users/carol", token(ApiScope.USERS_READ));
            ObjectNode grown = (ObjectNode) new ObjectMapper().readTree(real.body());
            grown.put("zzundocumented", true);
            HttpResponse<String> withMember = withBody(real, grown.toString());
            ObjectNode inDevice = (ObjectNode) new ObjectMapper().readTree(real.body());
            ((ObjectNode) inDevice.path("devices").get(0)).put("zzundocumented", true);
            HttpResponse<String> withDeviceMember = withBody(real, inDevice.toString());

            OpenApiContract.assertResponseMatches("GET", Paths.API_USER, real);
            assertThatThrownBy(() -> OpenApiContract.assertResponseMatches("GET", Paths.API_USER, withMember))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("zzundocumented");
            assertThatThrownBy(() -> OpenApiContract.assertResponseMatches("GET", Paths.API_USER, withDeviceMember))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("zzundocumented");
        }

        @Test
        void matchTheDocumentForEveryStatusTheyCanHave() {
            String reader = token(ApiScope.USERS_READ);
            List<HttpResponse<String>> responses = new ArrayList<>(List.of(
                    get("/api/v1/users/carol", reader),
                    get("/api/v1/users/alice?account=" + DemoOrganization.DEV_ALIAS, reader),
                    get("/api/v1/users/carol?access_token=" + reader, null),
                    get("/api/v1/users/carol", null),
                    get("/api/v1/users/carol", Secrets.register(ApiTokens.PREFIX + "B".repeat(43))),
                    get("/api/v1/users/carol", token(ApiScope.COMPLIANCE_READ))));
            String other = token(ApiScope.USERS_READ);
            responses.addAll(List.of(
                    get("/api/v1/users/nobody-here", other),
                    get("/api/v1/users/carol?account=999999999999", other),
                    get("/api/v1/users/alice", other)));
            String limited = token(ApiScope.USERS_READ);
            for (int i = 0; i <= MAX_CALLS; i++) {
                responses.add(get("/api/v1/users/carol", limited));
            }

            assertThat(responses).extracting(HttpResponse::statusCode)
                    .containsExactly(200, 200, 400, 401, 401, 403, 404, 404, 409, 200, 200, 200, 429);
            responses.forEach(response -> OpenApiContract.assertResponseMatches("GET", Paths.API_USER, response));
        }
    }

    @Nested
    class TheComplianceAnswers {

        @Test
        void matchTheDocumentForEveryStatusTheyCanHave() {
            String reader = token(ApiScope.COMPLIANCE_READ);
            List<HttpResponse<String>> responses = new ArrayList<>(List.of(
                    get("/api/v1/compliance", reader),
                    get("/api/v1/compliance?account=" + DemoOrganization.DEV_ALIAS + "&show=noncompliant", reader),
                    get("/api/v1/compliance?show=everything", reader)));
            String other = token(ApiScope.COMPLIANCE_READ);
            responses.addAll(List.of(
                    get("/api/v1/compliance?account=999999999999", other),
                    get("/api/v1/compliance?access_token=" + other, null),
                    get("/api/v1/compliance", null),
                    get("/api/v1/compliance", token(ApiScope.USERS_READ))));
            String limited = token(ApiScope.COMPLIANCE_READ);
            for (int i = 0; i <= MAX_CALLS; i++) {
                responses.add(get("/api/v1/compliance?show=mfa", limited));
            }

            assertThat(responses).extracting(HttpResponse::statusCode)
                    .containsExactly(200, 200, 400, 404, 400, 401, 403, 200, 200, 200, 429);
            responses.forEach(response -> OpenApiContract.assertResponseMatches("GET", Paths.API_COMPLIANCE,
                    response));
        }
    }
}
