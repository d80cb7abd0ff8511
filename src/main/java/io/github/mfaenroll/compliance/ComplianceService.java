package io.github.mfaenroll.compliance;

import io.github.mfaenroll.audit.References;
import io.github.mfaenroll.compliance.ComplianceProblem.Kind;
import io.github.mfaenroll.iam.CredentialReportContent;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamGateway;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compliance view's data: IAM's credential report, fetched, parsed and kept in memory.
 *
 * <p>Fetching is IAM's documented dance: {@code GenerateCredentialReport} until it answers COMPLETE (it answers
 * STARTED while a new report is being made), then {@code GetCredentialReport}. The wait is bounded ({@link #MAX_TRIES}
 * tries, waits growing from {@link #FIRST_WAIT} to {@link #LONGEST_WAIT}, under half a minute in all), so a page never
 * hangs on IAM. IAM makes a new report at most every four hours and hands out the latest one until then, so the
 * parsed report is cached: page views cost no IAM call, {@link #refresh()} asks IAM again, and a cached report older
 * than four hours is fetched again on the next view. Each instance keeps its own copy; they all show the time IAM
 * generated theirs.
 *
 * <p>One fetch at a time, and nobody waits for one who need not: a viewer with a fresh cached report gets it at once,
 * even while a refresh is polling IAM; callers who need a fetch while one is running wait for that one's result
 * instead of asking IAM again.
 */
public final class ComplianceService {

    /** How the service waits between polls; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Waits in real time. */
    public static final Sleeper THREAD_SLEEP = duration -> Thread.sleep(duration.toMillis());

    static final int MAX_TRIES = 10;
    static final Duration FIRST_WAIT = Duration.ofMillis(250);
    static final Duration LONGEST_WAIT = Duration.ofSeconds(5);
    /** IAM regenerates the report at most this often; an older one has expired. */
    static final Duration REPORT_LIFETIME = Duration.ofHours(4);

    private static final Logger log = LoggerFactory.getLogger(ComplianceService.class);

    private final IamGateway iam;
    private final Clock clock;
    private final Sleeper sleeper;
    /** The fetch running now, if any: whoever else needs a report meanwhile joins it. */
    private final AtomicReference<CompletableFuture<ComplianceReport>> running = new AtomicReference<>();
    private final Consumer<ComplianceReport> onFetched;
    private volatile ComplianceReport cached;

    public ComplianceService(IamGateway iam, Clock clock, Sleeper sleeper) {
        this(iam, clock, sleeper, report -> { });
    }

    /**
     * @param onFetched told of every report fetched from IAM (not of cached ones): the coverage snapshot of the day
     */
    public ComplianceService(IamGateway iam, Clock clock, Sleeper sleeper, Consumer<ComplianceReport> onFetched) {
        this.iam = iam;
        this.clock = clock;
        this.sleeper = sleeper;
        this.onFetched = onFetched;
    }

    /** The cached report, or a fetched one when there is none yet or IAM would have a newer one by now. */
    public ComplianceReport current() {
        ComplianceReport report = cached;
        if (report != null && clock.instant().isBefore(report.generatedAt().plus(REPORT_LIFETIME))) {
            return report;
        }
        return fetchOnce();
    }

    /** The report fetched last, without asking IAM (metrics read it on every scrape); empty before the first fetch. */
    public Optional<ComplianceReport> cached() {
        return Optional.ofNullable(cached);
    }

    /**
     * Asks IAM again. Within four hours of the last report IAM hands out the same one (same generation time); the
     * page says so.
     */
    public ComplianceReport refresh() {
        return fetchOnce();
    }

    /** Fetches, or joins the fetch another caller is running; the cache holds the result for everyone. */
    private ComplianceReport fetchOnce() {
        CompletableFuture<ComplianceReport> mine = new CompletableFuture<>();
        CompletableFuture<ComplianceReport> other = running.compareAndExchange(null, mine);
        if (other != null) {
            return join(other);
        }
        try {
            ComplianceReport report = fetch();
            cached = report;
            mine.complete(report);
            tell(report);
            return report;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.set(null);
        }
    }

    /** A listener that fails (the database is down) costs the snapshot, never the page that read the report. */
    private void tell(ComplianceReport report) {
        try {
            onFetched.accept(report);
        } catch (RuntimeException e) {
            log.warn("Could not keep the coverage snapshot of the credential report generated at {}",
                    report.generatedAt(), e);
        }
    }

    /** Another caller's result, or its failure (the same problem, with the same reference in the log). */
    private static ComplianceReport join(CompletableFuture<ComplianceReport> fetch) {
        try {
            return fetch.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private ComplianceReport fetch() {
        try {
            for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
                if (iam.generateCredentialReport()) {
                    Optional<CredentialReportContent> content = iam.getCredentialReport();
                    if (content.isPresent()) {
                        return build(content.get());
                    }
                }
                if (attempt < MAX_TRIES) {
                    sleeper.sleep(waitAfter(attempt));
                }
            }
            throw problem(Kind.REPORT_NOT_READY, null, "IAM was still generating the credential report after "
                    + MAX_TRIES + " tries", null);
        } catch (IamFailure e) {
            Kind kind = e.kind().transientFailure() ? Kind.IAM_UNAVAILABLE
                    : e.kind() == IamFailure.Kind.ACCESS_DENIED ? Kind.IAM_ACCESS_DENIED : Kind.IAM_FAILED;
            // The failure's message says which call and what IAM answered; only an unexpected answer needs the stack.
            throw problem(kind, null, "fetching the credential report failed: " + e.getMessage() + " (IAM request "
                    + e.awsRequestId() + ")", kind == Kind.IAM_FAILED ? e : null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw problem(Kind.IAM_UNAVAILABLE, null, "interrupted while waiting for the credential report", null);
        }
    }

    /** The wait after the given (1-based) try: doubling from {@link #FIRST_WAIT}, at most {@link #LONGEST_WAIT}. */
    static Duration waitAfter(int attempt) {
        Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(attempt - 1, 16));
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    private ComplianceReport build(CredentialReportContent content) {
        ComplianceReport report;
        try {
            report = ComplianceReport.read(content.generatedAt(), content.csv());
        } catch (UnreadableCredentialReport e) {
            Kind kind = e.missingColumns().isEmpty() ? Kind.REPORT_UNREADABLE : Kind.REPORT_MISSING_COLUMNS;
            throw problem(kind, String.join(", ", e.missingColumns()),
                    "the credential report could not be read: " + e.getMessage(), null);
        }
        ComplianceReport.Counts counts = report.counts();
        log.info("Credential report generated at {}: {} users, {} with a console password and no MFA",
                report.generatedAt(), counts.users(), counts.nonCompliant());
        return report;
    }

    private static ComplianceProblem problem(Kind kind, String detail, String logMessage, Throwable cause) {
        String reference = References.next();
        if (kind == Kind.IAM_UNAVAILABLE || kind == Kind.REPORT_NOT_READY) {
            log.warn("Compliance view: {} [{}]", logMessage, reference);
        } else {
            // IAM refusing, or a report we cannot read, needs someone to look.
            log.error("Compliance view: {} [{}]", logMessage, reference, cause);
        }
        return new ComplianceProblem(kind, reference, detail, cause);
    }
}
