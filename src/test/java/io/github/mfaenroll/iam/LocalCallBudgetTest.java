package io.github.mfaenroll.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The in-memory budget (embedded database): no stored burst, one call every 1/rate seconds, and a call that would
 * wait longer than it may is refused at once. Rates stay at 10 a second or less, so the next token is 100 ms away and
 * back-to-back tries on a busy machine still count the same.
 */
class LocalCallBudgetTest {

    @ParameterizedTest(name = "{0} calls/s, waiting at most {1} ms: {2} of {3} calls in a row start")
    @CsvSource({
            // rate, maxWait ms, calls in a row, calls that start
            "1,    0,    3, 1",  // one token to begin with, no burst
            "10,   0,    5, 1",  // a higher rate stores no burst either
            "0,    0,    3, 1",  // a rate below 1 counts as 1
            "-5,   0,    3, 1",
            "10,   1000, 5, 5",  // each waits ~100 ms for its token
            "5,    1000, 4, 4",  // ~200 ms each
            "1,    500,  3, 1",  // the next token is 1 s away: refused rather than waited for
    })
    void startsAtMostOneCallPerTokenAndRefusesWaitsLongerThanAllowed(int callsPerSecond, long maxWaitMillis,
                                                                     int calls, int expectedStarted)
            throws InterruptedException {
        LocalCallBudget budget = new LocalCallBudget(callsPerSecond);

        int started = 0;
        for (int i = 0; i < calls; i++) {
            if (budget.tryTake(Duration.ofMillis(maxWaitMillis))) {
                started++;
            }
        }

        assertThat(started).isEqualTo(expectedStarted);
    }

    /** (calls - 1) / rate, less a little: bucket4j's clock counts whole milliseconds, so a token may be 1 ms early. */
    @ParameterizedTest(name = "{0} calls/s: {1} calls take at least {2} ms")
    @CsvSource({
            "10, 6, 480",
            "5,  4, 580",
    })
    void callsAreAtLeastOneOverTheRateApart(int callsPerSecond, int calls, long atLeastMillis)
            throws InterruptedException {
        LocalCallBudget budget = new LocalCallBudget(callsPerSecond);
        long start = System.nanoTime();

        for (int i = 0; i < calls; i++) {
            assertThat(budget.tryTake(Duration.ofSeconds(5))).isTrue();
        }

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(atLeastMillis));
    }
}
