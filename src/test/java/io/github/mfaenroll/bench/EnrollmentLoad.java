package io.github.mfaenroll.bench;

import io.github.mfaenroll.app.AppConfig;
import io.github.mfaenroll.app.Components;
import io.github.mfaenroll.iam.simulator.DemoAccount;
import io.github.mfaenroll.iam.simulator.IamSimulator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.totp.TotpGenerator;
import io.github.mfaenroll.totp.TotpSecret;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whole enrollments against the real app in demo mode, in this JVM, on loopback: for each concurrency level, that
 * many virtual employees each open their link, claim it, start, read the scan page, type the key into a phone, and
 * verify two codes (8 HTTP requests, the same ones a browser makes). Prints pages per second, enrollments per second
 * and p50/p99 latency per level, then this process's resident memory (app and load generator together).
 *
 * <p>Usage: {@code EnrollmentLoad [iamCallsPerSecond] [levels...]}; defaults {@code 1000 1 4 16}. Or, against a
 * {@code serve --demo} running in another process: {@code EnrollmentLoad --against BASE_URL DATA_DIR ENROLLMENTS
 * [CONCURRENCY]} adds that many users to the demo account kept in DATA_DIR (the server reads it on every IAM call),
 * issues their links in the database it shares, and enrolls them over HTTP ({@code .ci/bench memory}). The app limits its
 * own IAM calls ({@code MFA_IAM_MAX_CALLS_PER_SECOND}, 10 by default); a high limit measures the app, the default
 * measures what the limiter lets through. Each level runs a bounded number of enrollments (20 per virtual employee,
 * at least 40) and stops; nothing is printed that could sign anyone in (links and keys stay in memory).
 */
public final class EnrollmentLoad {

    private static final Pattern KEY = Pattern.compile("id=\"setup-key\">([A-Z2-7 ]+)<");
    private static final int WARM_UP_ENROLLMENTS = 40;

    private EnrollmentLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--against")) {
            againstRunningServer(URI.create(args[1]), Path.of(args[2]), Integer.parseInt(args[3]),
                    args.length > 4 ? Integer.parseInt(args[4]) : 4);
            return;
        }
        String iamLimit = args.length > 0 ? args[0] : "1000";
        List<Integer> levels = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            levels.add(Integer.parseInt(args[i]));
        }
        if (levels.isEmpty()) {
            levels = List.of(1, 4, 16);
        }
        int users = WARM_UP_ENROLLMENTS + levels.stream().mapToInt(EnrollmentLoad::enrollmentsAt).sum();

        Path dataDir = Files.createTempDirectory("mfa-enroll-load");
        int port = freePort();
        URI baseUrl = URI.create("http://127.0.0.1:" + port);
        Components components = Components.demo(AppConfig.from(Map.of("MFA_PORT", String.valueOf(port),
                "MFA_BASE_URL", baseUrl.toString(), "MFA_DATA_DIR", dataDir.toString(),
                "MFA_IAM_MAX_CALLS_PER_SECOND", iamLimit,
                // Every virtual employee claims their link from 127.0.0.1: the per-address limit would stop the load
                // after 20, so it is lifted here (behind a real load balancer, people come from many addresses).
                "MFA_ADDRESS_MAX_REQUESTS", "1000000")), Clock.systemUTC());
        Javalin app = components.webApp().start("127.0.0.1", port);
        try {
            List<URI> links = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                String user = String.format("load-%05d", i);
                components.simulator().addUser(user, true, Map.of("email", user + "@example.com"));
                links.add(components.links().issue(user, null, "load").url());
            }
            AtomicInteger next = new AtomicInteger();
            Supplier<URI> nextLink = () -> links.get(next.getAndIncrement());

            System.out.printf("IAM calls per second allowed: %s; %d cores; %s %s%n", iamLimit,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"));
            run(baseUrl, 4, WARM_UP_ENROLLMENTS, nextLink); // JIT, connection pools, H2 caches: not reported
            System.out.println("concurrency  enrollments  failed  seconds  pages/s  enrollments/s  p50 ms  p99 ms"
                    + "  IAM calls/enrollment");
            int failures = 0;
            for (int level : levels) {
                Map<String, Integer> before = components.simulator().requestCounts();
                Result result = run(baseUrl, level, enrollmentsAt(level), nextLink);
                failures += result.failed;
                Thread.sleep(1_000); // the owners' notices leave on another thread, each reading the user's tags
                int calls = components.simulator().requestCounts().entrySet().stream()
                        .mapToInt(e -> e.getValue() - before.getOrDefault(e.getKey(), 0)).sum();
                System.out.printf("%11d  %11d  %6d  %7.1f  %7.1f  %13.1f  %6.1f  %6.1f  %20.2f%n", level,
                        result.enrollments, result.failed, result.seconds, result.latenciesMs.size() / result.seconds,
                        (result.enrollments - result.failed) / result.seconds,
                        percentile(result.latenciesMs, 50), percentile(result.latenciesMs, 99),
                        (double) calls / result.enrollments);
            }
            System.out.println("resident memory after the load (VmRSS, app and load generator): " + residentMemory());
            if (failures > 0) {
                // Fast failures would pass for speed: figures with failed enrollments in them are not worth quoting.
                throw new IllegalStateException(failures + " enrollments failed: these figures do not measure enrollments");
            }
        } finally {
            app.stop();
            components.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    /** Enrollments against a server this process did not start; its memory is measured by whoever started it. */
    private static void againstRunningServer(URI baseUrl, Path dataDir, int enrollments, int concurrency)
            throws Exception {
        IamSimulator account = new IamSimulator(Clock.systemUTC(), DemoAccount.ACCOUNT_ID)
                .keepAccountIn(dataDir.resolve(DemoAccount.FILE_NAME), DemoAccount::seed);
        String prefix = "load-" + Long.toString(System.currentTimeMillis(), 36) + "-";
        List<URI> links = new ArrayList<>();
        // Only the database is built: the links go into the server's own (the embedded one, shared over loopback).
        try (Components shared = Components.againstLocalIam(AppConfig.from(Map.of("MFA_DATA_DIR", dataDir.toString(),
                "MFA_BASE_URL", baseUrl.toString())), Clock.systemUTC(), URI.create("http://127.0.0.1:9"))) {
            for (int i = 0; i < enrollments; i++) {
                String user = prefix + i;
                account.addUser(user, true, Map.of());
                links.add(shared.links().issue(user, null, "load").url());
            }
        }
        AtomicInteger next = new AtomicInteger();
        Result result = run(baseUrl, concurrency, enrollments, () -> links.get(next.getAndIncrement()));
        System.out.printf("%d enrollments (%d failed) at concurrency %d in %.1f s: %.1f enrollments/s, p50 %.1f ms, "
                        + "p99 %.1f ms%n", result.enrollments, result.failed, concurrency, result.seconds,
                (result.enrollments - result.failed) / result.seconds, percentile(result.latenciesMs, 50),
                percentile(result.latenciesMs, 99));
        if (result.failed > 0) {
            throw new IllegalStateException(result.failed + " enrollments failed");
        }
    }

    private static int enrollmentsAt(int level) {
        return Math.max(40, 20 * level);
    }

    private record Result(int enrollments, int failed, double seconds, List<Double> latenciesMs) {
    }

    private static Result run(URI baseUrl, int concurrency, int enrollments, Supplier<URI> nextLink)
            throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger remaining = new AtomicInteger(enrollments);
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> employees = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            employees.add(pool.submit(() -> {
                Browser browser = TestApp.browserFor(baseUrl); // one HTTP client per employee thread, as a browser
                while (remaining.getAndDecrement() > 0) {
                    browser.cookies().getCookieStore().removeAll(); // the next person at this desk
                    if (!enroll(browser, nextLink.get(), latencies)) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> employee : employees) {
            employee.get(10, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(enrollments, failed.get(), seconds, latencies);
    }

    /** One employee, one link, the wizard from the landing page to "MFA is on". */
    private static boolean enroll(Browser browser, URI link, List<Double> latencies) {
        String token = TestApp.tokenOf(link);
        timed(latencies, () -> browser.get(link.toString()));
        if (timed(latencies, () -> browser.post("/onboard", Map.of("token", token))).status() != 303) {
            return false;
        }
        timed(latencies, () -> browser.get("/enroll"));
        if (timed(latencies, () -> browser.post("/enroll/start", Map.of())).status() != 303) {
            return false;
        }
        Matcher key = KEY.matcher(timed(latencies, () -> browser.get("/enroll/scan")).body());
        if (!key.find()) {
            return false;
        }
        TotpSecret phone = TotpSecret.fromBase32(key.group(1).replace(" ", ""));
        TotpGenerator generator = new TotpGenerator();
        long now = generator.stepOf(Instant.now());
        timed(latencies, () -> browser.get("/enroll/verify"));
        Browser.Page verified = timed(latencies, () -> browser.post("/enroll/verify",
                Map.of("code1", generator.codeAtStep(phone, now - 1), "code2", generator.codeAtStep(phone, now))));
        if (verified.status() != 303 || !"/enroll/done".equals(verified.location())) {
            return false;
        }
        return timed(latencies, () -> browser.get("/enroll/done")).status() == 200;
    }

    private static Browser.Page timed(List<Double> latencies, Supplier<Browser.Page> request) {
        long start = System.nanoTime();
        Browser.Page page = request.get();
        latencies.add((System.nanoTime() - start) / 1e6);
        return page;
    }

    private static double percentile(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static String residentMemory() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("VmRSS:"))
                .map(line -> line.substring("VmRSS:".length()).strip()).findFirst().orElse("unknown");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
