package io.github.mfaenroll.bench;

import io.github.mfaenroll.app.AppConfig;
import io.github.mfaenroll.app.Components;
import io.github.mfaenroll.compliance.ComplianceReport;
import io.github.mfaenroll.iam.simulator.IamSimulator.SeedUser;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.TestApp;
import io.javalin.Javalin;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.HttpCookie;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The helpdesk console with many IAM users (issue 13, goal 5): for each account size, the real app in demo mode in this
 * JVM, the simulator seeded with that many users (every 3rd without a console password, every 5th with MFA, each
 * with an {@code email} tag), and a helpdesk session. Measures the first view (fetch and parse), the parse alone, then,
 * with the report fetched: the compliance view's first page, a filtered page, the CSV and JSON exports (median of 5
 * after 2 warm-ups, and bytes allocated per
 * request by every thread of this JVM, the HTTP client included); the heap the cached report keeps (used heap after a
 * full GC, before and after the first view); and {@code report} / {@code report --json} as separate processes against
 * this simulator ({@code /usr/bin/time}: wall time and peak resident memory), once with the JVM's default heap and once
 * with {@code -Xmx96m}.
 *
 * <p>Usage: {@code ComplianceScale CLASSPATH [users...]}; default {@code 500 5000 50000}. CLASSPATH is the one the
 * child {@code report} runs with (the app's classes and dependencies).
 */
public final class ComplianceScale {

    private static final int WARM_UPS = 2;
    private static final int RUNS = 5;

    private ComplianceScale() {
    }

    public static void main(String[] args) throws Exception {
        String classpath = args[0];
        List<Integer> sizes = Arrays.stream(args).skip(1).map(Integer::parseInt).toList();
        if (sizes.isEmpty()) {
            sizes = List.of(500, 5_000, 50_000);
        }
        System.out.printf("%d cores; %s %s; max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        for (int users : sizes) {
            measure(users, classpath);
        }
    }

    private static void measure(int users, String classpath) throws Exception {
        Path dataDir = Files.createTempDirectory("mfa-enroll-scale");
        int port = TestApp.freePort();
        URI baseUrl = URI.create("http://127.0.0.1:" + port);
        Components components = Components.demo(AppConfig.from(Map.of("MFA_PORT", String.valueOf(port),
                "MFA_BASE_URL", baseUrl.toString(), "MFA_DATA_DIR", dataDir.toString(),
                "MFA_IAM_MAX_CALLS_PER_SECOND", "1000")), Clock.systemUTC());
        Javalin app = components.webApp().start("127.0.0.1", port);
        try {
            long seedStart = System.nanoTime();
            components.simulator().addUsers(seedUsers(users));
            System.out.printf("%n== %,d users (seeded in %.1f s)%n", users, (System.nanoTime() - seedStart) / 1e9);
            Browser staff = staffBrowser(components, baseUrl);

            long heapBefore = heapAfterGc();
            long start = System.nanoTime();
            Browser.Page first = staff.get("/helpdesk/compliance");
            double firstMs = (System.nanoTime() - start) / 1e6;
            long heapAfter = heapAfterGc();
            System.out.printf("first view (GenerateCredentialReport, GetCredentialReport, parse): %d in %.0f ms; "
                    + "heap kept by the cached report: %.1f MiB%n", first.status(), firstMs,
                    (heapAfter - heapBefore) / 1048576.0);

            String csv = components.iam().getCredentialReport().orElseThrow().csv();
            timed(String.format("parse the report (%,d KiB of CSV)", csv.length() / 1024), () -> {
                ComplianceReport.read(Instant.now(), csv);
                return null;
            });

            System.out.println("request                                   status   median ms   max ms   KiB   "
                    + "MiB allocated");
            for (String path : List.of("/helpdesk/compliance", "/helpdesk/compliance?show=noncompliant&page=2",
                    "/helpdesk/compliance?show=all&q=00001", "/helpdesk/compliance.csv",
                    "/helpdesk/compliance.json")) {
                timed(path, () -> staff.get(path));
            }

            URI iam = components.simulator().endpoint();
            for (String heap : List.of("", "-Xmx96m")) {
                report(classpath, iam, heap, false);
                report(classpath, iam, heap, true);
            }
        } finally {
            app.stop();
            components.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    /** The mix ComplianceAtScaleTest uses: every 3rd without a console password, every 5th with MFA. */
    static List<SeedUser> seedUsers(int count) {
        List<SeedUser> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = String.format("user-%06d", i);
            users.add(new SeedUser(name, i % 3 != 0, Map.of("email", name + "@example.com"),
                    i % 5 == 0 ? name + "-phone" : null));
        }
        return users;
    }

    private static Browser staffBrowser(Components components, URI baseUrl) {
        Sessions.Started started = components.sessions().start("helpdesk:bench", Role.HELPDESK, null);
        Browser browser = TestApp.browserFor(baseUrl);
        HttpCookie cookie = new HttpCookie("mfa_session", started.cookieValue());
        cookie.setPath("/");
        cookie.setVersion(0);
        browser.cookies().getCookieStore().add(baseUrl, cookie);
        return browser;
    }

    /** Runs {@code request} 2 + 5 times; prints its median and slowest time of 5, the answer's size, and allocation. */
    private static void timed(String name, Supplier<Browser.Page> request) {
        for (int i = 0; i < WARM_UPS; i++) {
            request.get();
        }
        double[] ms = new double[RUNS];
        long allocated = 0;
        Browser.Page page = null;
        for (int i = 0; i < RUNS; i++) {
            long bytesBefore = allocatedBytes();
            long start = System.nanoTime();
            page = request.get();
            ms[i] = (System.nanoTime() - start) / 1e6;
            allocated += allocatedBytes() - bytesBefore;
        }
        Arrays.sort(ms);
        System.out.printf("%-42s %6s   %9.1f   %6.1f   %5s   %13.1f%n", name, page == null ? "" : page.status(),
                ms[RUNS / 2], ms[RUNS - 1], page == null ? "" : String.format("%,d", page.body().length() / 1024),
                allocated / (double) RUNS / 1048576.0);
    }

    /** {@code report} in a child JVM against the simulator, its output to a file: wall time, peak RSS, bytes out. */
    private static void report(String classpath, URI iam, String heap, boolean json) throws Exception {
        Path dataDir = Files.createTempDirectory("mfa-enroll-report");
        Path out = dataDir.resolve("out");
        Path times = dataDir.resolve("time");
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %M", "-o", times.toString(),
                "java"));
        if (!heap.isEmpty()) {
            command.add(heap);
        }
        command.addAll(List.of("-cp", classpath, "io.github.mfaenroll.app.Main", "report"));
        if (json) {
            command.add("--json");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(Map.of("MFA_DATA_DIR", dataDir.toString(), "MFA_IAM_ENDPOINT", iam.toString(),
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "local-simulator"));
        int exit = builder.start().waitFor();
        String[] time = Files.readString(times).strip().lines().reduce((a, b) -> b).orElse("? 0").split(" ");
        System.out.printf("report%-8s %-10s exit %d   %6s s   peak RSS %4d MiB   %,d KiB out%n", json ? " --json" : "",
                heap.isEmpty() ? "(default)" : heap, exit, time[0], Long.parseLong(time[1]) / 1024,
                Files.size(out) / 1024);
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Bytes allocated so far by every live thread of this JVM (HotSpot's per-thread counters). */
    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds())).filter(b -> b > 0).sum();
    }
}
