package io.github.mfaenroll.testing;

import io.github.mfaenroll.app.Components;
import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.iam.simulator.IamSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the app under test ({@link TestApp}) for a test class: started before its first test, closed after its
 * last, shared by its {@code @Nested} classes. Register it as
 * {@code @RegisterExtension static final TestAppExtension app = TestAppExtension.demo();} and use it as the app.
 */
public final class TestAppExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private final Supplier<Map<String, String>> env;
    private final boolean freshForEachTest;
    private final boolean inSharedChromium;
    private TestApp app;
    private Chromium chromium;
    /** The class whose callbacks started the app: nested classes run the same callbacks and must not restart it. */
    private String startedFor;

    private TestAppExtension(Supplier<Map<String, String>> env, boolean freshForEachTest, boolean inSharedChromium) {
        this.env = env;
        this.freshForEachTest = freshForEachTest;
        this.inSharedChromium = inSharedChromium;
    }

    /** The demo app with the test defaults. */
    public static TestAppExtension demo() {
        return withEnv(Map.of());
    }

    /** The demo app with these settings on top of the test defaults. */
    public static TestAppExtension withEnv(Map<String, String> env) {
        return withEnv(() -> env);
    }

    /**
     * The demo app with settings known only when it starts (another extension's port, say: the supplier is called
     * just before the app starts).
     */
    public static TestAppExtension withEnv(Supplier<Map<String, String>> env) {
        return new TestAppExtension(env, false, false);
    }

    /** An app of its own for every test (started before it, closed after it), for tests that need untouched state. */
    public TestAppExtension freshForEachTest() {
        return new TestAppExtension(env, true, inSharedChromium);
    }

    /**
     * Also points the run's shared Chromium ({@link SharedChromium}) at the app, with no cookies, when the app starts;
     * {@link #chromium()} is then that browser. For {@link BrowserTest} classes.
     */
    public TestAppExtension inSharedChromium() {
        return new TestAppExtension(env, freshForEachTest, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!freshForEachTest) {
            startFor(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (freshForEachTest) {
            startFor(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (freshForEachTest) {
            closeFor(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!freshForEachTest) {
            closeFor(context);
        }
    }

    private void startFor(ExtensionContext context) {
        if (app == null) {
            app = TestApp.start(env.get());
            startedFor = context.getUniqueId();
            if (inSharedChromium) {
                chromium = SharedChromium.of(context);
                chromium.useApp(app.baseUrl());
            }
        }
    }

    private void closeFor(ExtensionContext context) {
        if (app != null && context.getUniqueId().equals(startedFor)) {
            app.close();
            app = null;
            startedFor = null;
        }
    }

    /** The running app, for fixtures that take a {@link TestApp}. */
    public TestApp get() {
        if (app == null) {
            throw new IllegalStateException("the app runs only while the tests of the class that registered it run");
        }
        return app;
    }

    /** The shared browser, pointed at the app (see {@link #inSharedChromium()}). */
    public Chromium chromium() {
        if (chromium == null) {
            throw new IllegalStateException("the shared browser is pointed at the app only when it runs inSharedChromium()");
        }
        return chromium;
    }

    /** @see TestApp#clock() */
    public MutableClock clock() {
        return get().clock();
    }

    /** @see TestApp#components() */
    public Components components() {
        return get().components();
    }

    /** @see TestApp#simulator() */
    public IamSimulator simulator() {
        return get().simulator();
    }

    /** @see TestApp#baseUrl() */
    public URI baseUrl() {
        return get().baseUrl();
    }

    /** @see TestApp#dataDir() */
    public Path dataDir() {
        return get().dataDir();
    }

    /** @see TestApp#browser() */
    public Browser browser() {
        return get().browser();
    }

    /** @see TestApp#linkFor(String) */
    public URI linkFor(String iamUser) {
        return get().linkFor(iamUser);
    }

    /** @see TestApp#newUser(String, boolean, boolean) */
    public String newUser(String prefix, boolean consolePassword, boolean withEmail) {
        return get().newUser(prefix, consolePassword, withEmail);
    }

    /** The newest audit entry about {@code subject} (an IAM user, a link…); fails when there is none. */
    public AuditEntry lastAuditEntry(String subject) {
        return components().audit().forUser(TestUsers.user(subject), 1).get(0);
    }

    /** The audit entries about {@code subject} with this action, newest first. */
    public List<AuditEntry> audited(String subject, AuditAction action) {
        return components().audit().forUser(TestUsers.user(subject), 1000).stream().filter(e -> e.action() == action).toList();
    }

    /** @see TestApp#signedInWith(URI) */
    public Browser signedInWith(URI link) {
        return get().signedInWith(link);
    }

    /** @see TestApp#signedInAs(String) */
    public Browser signedInAs(String iamUser) {
        return get().signedInAs(iamUser);
    }
}
