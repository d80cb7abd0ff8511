package io.github.mfaenroll.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.InRange;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.LoopbackOnly;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestAppExtension;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever a browser posts into the app's forms (or puts in their query strings and path segments), the real app
 * answers below 500 and its page shows no stack trace and no exception or class name. The form body is sent as
 * typed, broken percent escapes included, after the page's real CSRF token so the handlers themselves are reached,
 * by the kind of visitor each form is for: anyone, an employee in the middle of an enrollment, an administrator.
 */
@Tag("fuzz")
class FormFieldsFuzzTest {

    private enum Who { ANYONE, EMPLOYEE, ADMIN }

    /** A form (or a GET with parameters) the app serves; {name} is filled with fuzzed text. */
    private record Form(Who who, String method, String path) {
    }

    private static final List<Form> FORMS = List.of(
            new Form(Who.ANYONE, "POST", "/onboard"),
            new Form(Who.ANYONE, "GET", "/onboard/{name}"),
            new Form(Who.ANYONE, "POST", "/signin"),
            new Form(Who.ANYONE, "POST", "/signin/totp"),
            new Form(Who.EMPLOYEE, "POST", "/enroll/verify"),
            new Form(Who.EMPLOYEE, "POST", "/enroll/start"),
            new Form(Who.EMPLOYEE, "POST", "/enroll/resync"),
            new Form(Who.EMPLOYEE, "POST", "/enroll/cancel"),
            new Form(Who.ADMIN, "GET", "/helpdesk/lookup"),
            new Form(Who.ADMIN, "GET", "/helpdesk/compliance"),
            new Form(Who.ADMIN, "GET", "/helpdesk/compliance.csv"),
            new Form(Who.ADMIN, "GET", "/helpdesk/accounts/{account}/users/{name}"),
            new Form(Who.ADMIN, "POST", "/helpdesk/accounts/{account}/users/{name}/links"),
            new Form(Who.ADMIN, "POST", "/helpdesk/accounts/{account}/users/{name}/links/resend"),
            new Form(Who.ADMIN, "POST", "/helpdesk/accounts/{account}/users/{name}/links/revoke"),
            new Form(Who.ADMIN, "POST", "/helpdesk/accounts/{account}/users/{name}/devices/reset"),
            new Form(Who.ADMIN, "POST", "/helpdesk/accounts/{account}/users/{name}/devices/hardware"),
            new Form(Who.ADMIN, "POST", "/helpdesk/accounts/{account}/users/{name}/console-password/remove"),
            new Form(Who.ADMIN, "GET", "/helpdesk/accounts/{account}/users/{name}/progress.json"),
            new Form(Who.ADMIN, "POST", "/helpdesk/deadlines"),
            new Form(Who.ADMIN, "GET", "/helpdesk/invitations/bulk/{name}"),
            new Form(Who.ADMIN, "POST", "/signout"));
    private static final int LAST_FORM = 21;

    /** What a page must never show: exception names, stack frames, our package or the JDK's. */
    private static final Pattern LEAK = Pattern.compile(
            "[A-Za-z]*(?:Exception|Throwable)\\b|\\bat [\\w$]+\\.[\\w$.<>]+\\(|\\.java:\\d+|io\\.github\\.mfaenroll|java\\.(?:lang|util|sql|io)\\.");

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();
    private static Browser anyone;
    private static Browser employee;
    private static Browser admin;
    private static int employeeUses;
    private static int anyoneUses;
    private static boolean employeeStale;
    private static boolean adminStale;

    @BeforeAll
    static void start() {
        anyone = app.browser();
    }

    /** A seed: {@code fields} sent to {@code form} ("POST /enroll/verify"), its {name} filled with {@code name}. */
    private static Arguments seed(String form, String name, String fields) {
        for (int i = 0; i < FORMS.size(); i++) {
            if ((FORMS.get(i).method() + " " + FORMS.get(i).path()).equals(form)) {
                return arguments(i, name, fields);
            }
        }
        throw new IllegalArgumentException("no such form: " + form);
    }

    static Stream<Arguments> forms() {
        return Stream.of(
                seed("POST /onboard", "", "token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                seed("GET /onboard/{name}", "%zz", ""),
                seed("POST /signin", "", "name=hanna&password=%E2%82%AC%zz"),
                seed("POST /signin/totp", "", "code=12%2034%0056"),
                seed("POST /enroll/verify", "", "code1=%EF%BC%91%EF%BC%92%EF%BC%93456&code2=654%C2%A0321"),
                seed("POST /enroll/verify", "", "code1=123456&code1=654321&code2"),
                seed("POST /enroll/start", "", ""),
                seed("POST /enroll/resync", "", "serial=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fx&code1=1&code2="),
                seed("GET /helpdesk/lookup", "", "q=%00al"),
                seed("GET /helpdesk/compliance", "", "show=nope&q=%F0%9F%98%80"),
                seed("GET /helpdesk/accounts/{account}/users/{name}", "carol", ""),
                seed("POST /helpdesk/accounts/{account}/users/{name}/links", "alice", "email=a%40b&confirm=on"),
                seed("POST /helpdesk/deadlines", "", "user=alice&enrollBy=2026-13-45"),
                seed("GET /helpdesk/invitations/bulk/{name}", "-1", ""),
                seed("POST /helpdesk/accounts/{account}/users/{name}/devices/reset", "carol",
                        "serial=arn:aws:iam::123456789012:mfa/carol-phone&reason=&confirm=on"),
                seed("POST /helpdesk/accounts/{account}/users/{name}/devices/hardware", "bob",
                        "serial=GAHT12345678&code1=123456&code2=123456&confirm=on"));
    }

    @MethodSource("forms") // Jazzer wants @FuzzTest last
    @FuzzTest(maxDuration = "10s")
    void anyFormBodyGetsAPageWithoutAServerErrorOrAStackTrace(@InRange(min = 0, max = LAST_FORM) int formIndex,
                                                             @NotNull String name, @NotNull String fields) {
        LoopbackOnly.allowConnections();
        Form form = FORMS.get(formIndex);
        Browser browser = browserFor(form);
        String path = form.path().replace("{account}", "123456789012").replace("{name}", uriSafe(name));

        Supplier<Page> request = () -> form.method().equals("GET")
                ? browser.get(fields.isEmpty() ? path : path + "?" + uriSafe(fields))
                : browser.postBody(path, "csrf=" + browser.csrf() + "&" + fields);
        Page page = answerOf(request);

        noteRefusal(form, page);
        assertThat(page.status()).as("%s %s", form.method(), form.path()).isLessThan(500);
        Matcher leak = LEAK.matcher(page.body());
        while (leak.find()) {
            String shown = leak.group();
            assertThat(echoed(shown, name, fields)).as("%s %s shows %s", form.method(), form.path(), shown).isTrue();
        }
    }

    /**
     * The answer to {@code request}, sent once more if a pooled keep-alive connection turned out closed before any byte
     * of an answer came back: the server had ended that idle connection as the client picked it for this request (the
     * JDK client says "header parser received no bytes"; it happened twice in CI under Jazzer's instrumentation, and
     * both inputs pass when replayed as seeds). The second send goes over a new connection and must be answered like
     * any other: a server that drops the request itself still fails.
     */
    private static Page answerOf(Supplier<Page> request) {
        try {
            return request.get();
        } catch (UncheckedIOException e) {
            if (!String.valueOf(e.getCause().getMessage()).contains("header parser received no bytes")) {
                throw e;
            }
            System.err.println("FormFieldsFuzzTest: a pooled connection was closed under the request; sent again");
            return request.get();
        }
    }

    /**
     * A visitor of the right kind. The employee and the administrator are set up again after anything that may have
     * ended their session or enrollment (sign-out, cancel, a refusal), and the employee every 20 uses anyway (five
     * wrong pairs end an enrollment).
     */
    private static Browser browserFor(Form form) {
        switch (form.who()) {
            case ANYONE -> {
                if (anyoneUses++ % 10 == 0) {
                    anyone.get("/signin"); // a fresh double-submit CSRF cookie and field
                }
                return anyone;
            }
            case ADMIN -> {
                if (admin == null || adminStale) {
                    admin = Staff.admin(app.get(), "fuzz");
                    admin.get("/helpdesk");
                    adminStale = false;
                }
                adminStale = form.path().equals("/signout");
                return admin;
            }
            default -> {
                if (employee == null || employeeStale || employeeUses++ % 20 == 0) {
                    employee = app.signedInAs("alice");
                    employee.get("/enroll");
                    employee.post("/enroll/start", Map.of());
                    employee.get("/enroll/verify");
                    employeeStale = false;
                }
                employeeStale = form.path().equals("/enroll/cancel");
                return employee;
            }
        }
    }

    /** A refusal (signed out, no longer allowed) means the next visitor of that kind starts afresh. */
    private static void noteRefusal(Form form, Page page) {
        boolean refused = page.status() == 401 || page.status() == 403
                || (page.location() != null && page.location().contains("signin"));
        if (refused && form.who() == Who.ADMIN) {
            adminStale = true;
        }
        if (refused && form.who() == Who.EMPLOYEE) {
            employeeStale = true;
        }
    }

    /** Text the visitor typed may come back on the page (escaped); that is not a leak. */
    private static boolean echoed(String shown, String name, String fields) {
        String typed = name + "\n" + fields;
        String decoded;
        try {
            decoded = URLDecoder.decode(typed.replace("%", "%25").replaceAll("%25([0-9A-Fa-f]{2})", "%$1"),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = typed;
        }
        return typed.contains(shown) || decoded.contains(shown);
    }

    /** Fuzzed text as a valid URI part: unreserved characters, '&', '=' and well-formed escapes kept. */
    private static String uriSafe(String text) {
        StringBuilder safe = new StringBuilder();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean escape = b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
            if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || "-._~&=+".indexOf(b) >= 0
                    || escape) {
                safe.append((char) b);
            } else {
                safe.append('%').append(String.format("%02X", b));
            }
        }
        return safe.toString();
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }
}
