package io.github.mfaenroll.testing;

import io.github.mfaenroll.app.AppConfig;
import io.github.mfaenroll.app.Components;
import io.github.mfaenroll.iam.simulator.IamSimulator;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real app in demo mode (simulator, embedded H2 in a temp directory), on a free loopback port, with a clock
 * the test controls. Nothing is mocked.
 */
public final class TestApp implements AutoCloseable {

    public static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    private static final AtomicInteger NEXT_USER = new AtomicInteger();

    private final MutableClock clock;
    private final Path dataDir;
    private Components components;
    private Javalin javalin;
    private URI baseUrl;
    private boolean closed;

    private final io.github.mfaenroll.iam.simulator.IamSimulator sharedSimulator;

    /** Where IAM is when it is neither the app's own simulator nor a shared one (a fault-injecting proxy). */
    private final URI iamEndpoint;

    private TestApp(Map<String, String> extraEnv) {
        this(extraEnv, null, new MutableClock(START), null);
    }

    private TestApp(Map<String, String> extraEnv, io.github.mfaenroll.iam.simulator.IamSimulator sharedSimulator,
                    MutableClock clock, URI iamEndpoint) {
        this(extraEnv, sharedSimulator, clock, iamEndpoint, null);
    }

    private TestApp(Map<String, String> extraEnv, io.github.mfaenroll.iam.simulator.IamSimulator sharedSimulator,
                    MutableClock clock, URI iamEndpoint, io.github.mfaenroll.iam.AccountDirectory accounts) {
        this.clock = clock;
        this.sharedSimulator = sharedSimulator;
        this.iamEndpoint = iamEndpoint;
        try {
            this.dataDir = Files.createTempDirectory("mfa-enroll-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A port chosen up front (links and the Origin check need the URL before the app is built) can be taken
        // by the simulator or H2 starting in between: then build again on another port.
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            URI url = URI.create("http://127.0.0.1:" + port);
            Map<String, String> env = new HashMap<>();
            env.put("MFA_PORT", String.valueOf(port));
            env.put("MFA_BASE_URL", url.toString());
            env.put("MFA_DATA_DIR", dataDir.toString());
            // Every test speaks from 127.0.0.1 under a frozen clock: the per-address limit would end most suites
            // after 20 sign-ins. Tests of the limit set it themselves.
            env.put("MFA_ADDRESS_MAX_REQUESTS", "100000");
            env.putAll(extraEnv);
            Components built = accounts != null
                    ? Components.againstLocalIam(AppConfig.from(env), clock, sharedSimulator.endpoint(), accounts)
                    : iamEndpoint != null ? Components.againstLocalIam(AppConfig.from(env), clock, iamEndpoint)
                    : sharedSimulator == null ? Components.demo(AppConfig.from(env), clock)
                    : Components.sharingSimulator(AppConfig.from(env), clock, sharedSimulator);
            try {
                built.checkIdentityProvider(); // as serve does: a provider the app cannot use stops it here
                this.javalin = built.webApp().start("127.0.0.1", port);
                this.components = built;
                this.baseUrl = url; // where the test reaches it, even when MFA_BASE_URL says otherwise
                return;
            } catch (io.javalin.util.JavalinBindException taken) {
                built.close();
                if (attempt == 5) {
                    throw taken;
                }
            } catch (RuntimeException e) {
                built.close();
                throw e;
            }
        }
    }

    public static TestApp start() {
        return new TestApp(Map.of());
    }

    public static TestApp start(Map<String, String> extraEnv) {
        return new TestApp(extraEnv);
    }

    /** Another instance of the app: same IAM (simulator) and clock, configured by {@code extraEnv}. */
    public static TestApp instanceSharing(io.github.mfaenroll.iam.simulator.IamSimulator simulator, MutableClock clock,
                                          Map<String, String> extraEnv) {
        return new TestApp(extraEnv, simulator, clock, null);
    }

    /**
     * An instance serving the accounts of {@code accounts} (several simulators, see {@link SeveralAccounts}); what is
     * not per account yet uses {@code ownSimulator}, the own account's.
     */
    public static TestApp forAccounts(io.github.mfaenroll.iam.simulator.IamSimulator ownSimulator,
                                      io.github.mfaenroll.iam.AccountDirectory accounts, MutableClock clock,
                                      Map<String, String> extraEnv) {
        return new TestApp(extraEnv, ownSimulator, clock, null, accounts);
    }

    /**
     * An instance whose IAM calls go to {@code iamEndpoint} (e.g. WireMock proxying to {@code simulator} and
     * injecting faults); {@link #simulator()} is still the simulator behind it, for inspection.
     */
    public static TestApp behindProxy(io.github.mfaenroll.iam.simulator.IamSimulator simulator, URI iamEndpoint,
                                      MutableClock clock, Map<String, String> extraEnv) {
        return new TestApp(extraEnv, simulator, clock, iamEndpoint);
    }

    public MutableClock clock() {
        return clock;
    }

    public Components components() {
        return components;
    }

    public IamSimulator simulator() {
        return sharedSimulator != null ? sharedSimulator : components.simulator();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A browser for an app running elsewhere (another process). */
    public static Browser browserFor(URI baseUrl) {
        return new Browser(baseUrl);
    }

    /** A new browser (its own cookie jar) pointed at this app. */
    public Browser browser() {
        return new Browser(baseUrl);
    }

    /**
     * Adds an IAM user to the simulator, named {@code prefix} and a number no other test of the run uses, with an
     * {@code email} tag NAME@example.com when {@code withEmail}; returns the name.
     */
    public String newUser(String prefix, boolean consolePassword, boolean withEmail) {
        String name = prefix + NEXT_USER.incrementAndGet();
        simulator().addUser(name, consolePassword, withEmail ? Map.of("email", name + "@example.com") : Map.of());
        return name;
    }

    /** Issues a link for the user and returns its URL (registered as a secret for the log check). */
    public URI linkFor(String iamUser) {
        URI url = components.links().issue(TestUsers.user(iamUser), null, "test").url();
        Secrets.register(tokenOf(url));
        return url;
    }

    /** The token part of a link URL. */
    public static String tokenOf(URI link) {
        return link.getPath().substring(link.getPath().lastIndexOf('/') + 1);
    }

    /** A browser that opened the user's link and pressed the start button: signed in as that IAM user. */
    public Browser signedInAs(String iamUser) {
        return signedInWith(linkFor(iamUser));
    }

    /** A new browser that opened {@code link} and claimed it, as a person does from the landing page. */
    public Browser signedInWith(URI link) {
        Secrets.register(tokenOf(link));
        Browser browser = browser();
        browser.get(link.toString());
        Browser.Page claimed = browser.post("/onboard", Map.of("token", tokenOf(link)));
        if (claimed.status() != 303 || !"/enroll".equals(claimed.location())) {
            throw new AssertionError("claiming the link answered " + claimed.status());
        }
        return browser;
    }

    /** Stops the app; again does nothing (a test may stop it itself before its extension does). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        javalin.stop();
        components.close();
    }

    /**
     * A loopback port nothing listens on (it was just free): the app may bind it, and connecting to it is refused at
     * once, as with a stopped server.
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
