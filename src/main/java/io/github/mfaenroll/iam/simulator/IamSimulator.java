package io.github.mfaenroll.iam.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local, stateful AWS IAM, speaking the IAM Query protocol (form POST in, XML out, AWS error XML) over HTTP on
 * 127.0.0.1, so the production SDK client runs against it unchanged:
 *
 * <pre>{@code
 * IamSimulator simulator = new IamSimulator(Clock.systemUTC(), DemoAccount.ACCOUNT_ID).start();
 * IamClient iam = IamClient.builder().endpointOverride(simulator.endpoint()).region(Region.AWS_GLOBAL)
 *         .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
 *         .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
 * }</pre>
 *
 * <p>It implements the MFA actions the app uses and behaves as IAM documents them (consecutive recent codes,
 * unique device names, 8 devices per user, DeleteConflict, pagination, credential report, hardware TOTP tokens
 * registered with {@link #registerHardwareToken}, DeleteLoginProfile). It does not check
 * signatures. Seeding, inspection and fault injection are for demo mode and tests and are thread-safe.
 * The handler never lets a Java exception reach the client: anything unexpected is a 500 ServiceFailure.
 *
 * <p>Several accounts: the account it is built for is an organization's management account, and
 * {@link #addAccount} adds members, each with its own IAM ({@link #account}). On the same endpoint it speaks STS
 * ({@code GetCallerIdentity}, {@code AssumeRole} into the member role, see {@link #memberRole}) and Organizations
 * ({@code ListAccounts}, JSON 1.1, told apart by its {@code X-Amz-Target} header). An IAM request acts in the account
 * its access key belongs to ({@link Callers}): keys from {@code AssumeRole} in the member account, every other key in
 * the management account. The methods that name no account act on the management account.
 */
public final class IamSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IamSimulator.class);
    // Enough that requests are taken (and time-stamped for throttling) as they arrive, as IAM would.
    private static final int THREADS = 32;
    private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final SimulatedOrganization organization;
    private final SimulatorAccount management;
    private final Traffic traffic = new Traffic();
    private final Router router;

    /** Where the account is kept, when it is shared with other processes; null keeps it in memory only. */
    private volatile AccountFile kept;
    private HttpServer server;
    private ExecutorService executor;
    private boolean closed;

    /** An account with no users; {@code accountId} is 12 digits. The clock drives TOTP checks and timestamps. */
    public IamSimulator(Clock clock, String accountId) {
        this.organization = new SimulatedOrganization(clock, accountId);
        this.management = new SimulatorAccount(this, organization, organization.management());
        this.router = new Router(this, organization, new Callers(accountId), traffic);
    }

    /**
     * Keeps the organization (every account) in {@code file}, shared with every simulator in any process that keeps it
     * there (the demo's server and its CLI commands). Loads what the file holds; when there is no file yet, runs
     * {@code seed} on this simulator and writes the result, once even if two processes start together. Call before
     * {@link #start}.
     */
    public synchronized IamSimulator keepAccountIn(Path file, Consumer<IamSimulator> seed) {
        if (server != null || kept != null) {
            throw new IllegalStateException("Choose where the account is kept before starting the simulator, once");
        }
        kept = new AccountFile(file, organization);
        kept.loadOrSeed(() -> seed.accept(this));
        return this;
    }

    /** Runs {@code action} on the accounts, reading and keeping them in their file when they have one. */
    <T> T onAccount(Supplier<T> action) {
        AccountFile file = kept;
        return file == null ? action.get() : file.around(action);
    }

    void onAccount(Runnable action) {
        onAccount(() -> {
            action.run();
            return null;
        });
    }

    /** Binds 127.0.0.1 on a free port and starts serving. Returns this. */
    public synchronized IamSimulator start() {
        if (server != null || closed) {
            throw new IllegalStateException("The simulator was already started");
        }
        // JDK's HttpServer writes an answer's headers and body in two writes; without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK hold each answer about 40 ms (measured with the JDK's HTTP client: 48 ms per
        // call, 4 ms with it). The JDK reads this property once, when its first HttpServer starts; one set explicitly
        // wins.
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not bind the IAM simulator to 127.0.0.1", e);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "iam-simulator-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/", router::handle);
        server.setExecutor(executor);
        server.start();
        log.info("IAM simulator for account {} listening on {}", management.id(), endpoint());
        return this;
    }

    /** {@code http://127.0.0.1:PORT}; only once started. */
    public synchronized URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("The simulator is not running");
        }
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Stops the server at once. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            executor = null;
        }
    }

    // ---- accounts -----------------------------------------------------------------------------------------

    /**
     * Adds a member account to the organization, with this IAM account alias (null: none) and that alias as its
     * name in the organization. Returns it, for seeding.
     */
    public SimulatorAccount addAccount(String accountId, String alias) {
        return onAccount(() -> {
            SimulatorAccount added = new SimulatorAccount(this, organization, organization.add(accountId, alias));
            if (alias != null) {
                added.setAccountAlias(alias);
            }
            return added;
        });
    }

    /** The account with this id (the management account or a member), for seeding and inspection. */
    public SimulatorAccount account(String accountId) {
        return onAccount(() -> accountId.equals(management.id()) ? management
                : new SimulatorAccount(this, organization, organization.get(accountId)));
    }

    /** Every account's id, ordered. */
    public List<String> accountIds() {
        return onAccount(() -> organization.members().stream().map(SimulatedOrganization.Member::id).toList());
    }

    /**
     * The role {@code AssumeRole} grants in every account of the organization (default {@code mfa-enroll}) and the
     * external id its trust policy requires (null: none).
     */
    public void memberRole(String roleName, String externalId) {
        onAccount(() -> organization.setMemberRole(roleName, externalId));
    }

    /** {@code AssumeRole} into this account is refused with {@code AccessDenied} from now on. */
    public void denyAssumeRole(String accountId) {
        account(accountId).denyAssumeRole(true);
    }

    // ---- seeding (management account) ---------------------------------------------------------------------

    /** Adds a user at path "/"; with a console password (a login profile) or without. */
    public void addUser(String userName, boolean consolePassword, Map<String, String> tags) {
        management.addUser(userName, consolePassword, tags);
    }

    /**
     * One user for {@link #addUsers}: a console password or not, tags, and the name of a virtual MFA device bound to
     * the user (null: none).
     */
    public record SeedUser(String userName, boolean consolePassword, Map<String, String> tags, String deviceName) {
    }

    /**
     * Adds many users at once, as {@link #addUser} and {@link #addAssignedVirtualDevice} would one by one, but under
     * one lock and, in demo mode, one write of the account file (one write per user makes seeding 50,000 users
     * quadratic).
     */
    public void addUsers(List<SeedUser> users) {
        management.addUsers(users);
    }

    /**
     * Creates a virtual MFA device and binds it to the user, as an administrator would have done outside the
     * app. Returns its serial (an ARN). Throws {@link IllegalArgumentException} where IAM would refuse.
     */
    public String addAssignedVirtualDevice(String userName, String deviceName) {
        return management.addAssignedVirtualDevice(userName, deviceName);
    }

    /**
     * Registers a hardware TOTP token (serial as printed on it, e.g. {@code GAHT12345678}, and its base32 seed) that
     * {@code EnableMFADevice} will then accept for any user, with two consecutive codes from that seed. IAM knows the
     * tokens AWS sold the same way. Throws {@link IllegalArgumentException} for a malformed or taken serial.
     */
    public void registerHardwareToken(String serialNumber, String base32Seed) {
        management.registerHardwareToken(serialNumber, base32Seed);
    }

    /** Sets the account alias (IAM's rules: lower-case letters, digits, single hyphens); null removes it. */
    public void setAccountAlias(String alias) {
        management.setAccountAlias(alias);
    }

    /** Whether the root user has MFA, as the credential report's {@code <root_account>} row will say. */
    public void setRootMfaActive(boolean active) {
        management.setRootMfaActive(active);
    }

    // ---- inspection (management account) ------------------------------------------------------------------

    /** Serials of the MFA devices bound to the user (empty for an unknown user). */
    public List<String> assignedSerials(String userName) {
        return management.assignedSerials(userName);
    }

    /** The user the virtual device is bound to; empty if unassigned or unknown. */
    public Optional<String> deviceOwner(String serialNumber) {
        return management.deviceOwner(serialNumber);
    }

    public boolean virtualDeviceExists(String serialNumber) {
        return management.virtualDeviceExists(serialNumber);
    }

    public Set<String> virtualDeviceSerials() {
        return management.virtualDeviceSerials();
    }

    /** The device's base32 seed, for tests that play the authenticator app. A secret: never log it. */
    public Optional<String> seedOf(String serialNumber) {
        return management.seedOf(serialNumber);
    }

    /** How many requests of this action the account received (see {@link SimulatorAccount#requestCount}). */
    int requestCount(String accountId, String action) {
        return traffic.requestCount(accountId, action);
    }

    /** How many requests named this Action were received, including those answered with an error. */
    public int requestCount(String action) {
        return traffic.requestCount(action);
    }

    /** How many requests of each Action were received so far, errors included: a copy. */
    public Map<String, Integer> requestCounts() {
        return traffic.requestCounts();
    }

    /**
     * The next {@code times} requests for {@code action} are answered with this IAM error before the action
     * runs (so nothing changes). Calls queue up behind each other.
     */
    public void failNext(String action, int times, int httpStatus, String errorCode, String message) {
        traffic.failNext(action, times, httpStatus, errorCode, message);
    }

    /**
     * Like IAM under load: requests beyond {@code perSecond} in one wall-clock second are answered with
     * {@code Throttling} (HTTP 400), as IAM does. {@code Integer.MAX_VALUE} turns it off.
     */
    public void throttleAbove(int perSecond) {
        traffic.throttleAbove(perSecond);
    }

    /** Every answer is delayed by this much (a slow IAM); zero turns it off. */
    public void answerAfter(Duration delay) {
        traffic.answerAfter(delay);
    }

    /**
     * The highest request rate seen so far, per second, over any sliding {@code window} (the most arrivals within one
     * window, divided by its length). A longer window makes the figure robust against arrival jitter: a call the
     * client started at 0.99 s may arrive at 1.01 s.
     */
    public double peakRequestsPerSecond(Duration window) {
        return traffic.peakRequestsPerSecond(window);
    }
}
