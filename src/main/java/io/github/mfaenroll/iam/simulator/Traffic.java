package io.github.mfaenroll.iam.simulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the simulator was sent and the faults tests ask of it: request counts (in all and per account), arrival times
 * for throttling and rate measurements, injected errors and a delay on every answer. Thread-safe, one lock.
 */
final class Traffic {

    private static final Duration ARRIVALS_KEPT = Duration.ofMinutes(10);

    private final Map<String, Integer> requestCounts = new HashMap<>();
    /** Per account id, the requests of each action that account received. */
    private final Map<String, Map<String, Integer>> accountRequestCounts = new HashMap<>();
    /** Arrival times (epoch millis) of the last ten minutes ({@code ARRIVALS_KEPT}), for throttling and rate measurements. */
    private final Deque<Long> arrivals = new ArrayDeque<>();
    private final Map<String, Deque<IamError>> injectedFaults = new HashMap<>();
    private int throttleAbovePerSecond = Integer.MAX_VALUE;
    private volatile Duration latency = Duration.ZERO;

    /**
     * Counts the request (in all and for the caller's account), then answers it with {@code Throttling} when the rate
     * is over the limit, or with the next injected fault for its action: before it runs, so nothing changes.
     */
    void admit(String action, String accountId) {
        IamError injected;
        synchronized (this) {
            requestCounts.merge(action, 1, Integer::sum);
            accountRequestCounts.computeIfAbsent(accountId, id -> new HashMap<>()).merge(action, 1, Integer::sum);
            long now = System.currentTimeMillis();
            arrivals.addLast(now);
            while (arrivals.peekFirst() < now - ARRIVALS_KEPT.toMillis()) {
                arrivals.removeFirst();
            }
            long second = now / 1000;
            if (arrivals.stream().filter(arrival -> arrival / 1000 == second).count() > throttleAbovePerSecond) {
                throw new IamError(400, "Throttling", "Rate exceeded");
            }
            Deque<IamError> queue = injectedFaults.get(action);
            injected = queue == null ? null : queue.poll();
        }
        if (injected != null) {
            throw injected;
        }
    }

    synchronized int requestCount(String action) {
        return requestCounts.getOrDefault(action, 0);
    }

    synchronized int requestCount(String accountId, String action) {
        return accountRequestCounts.getOrDefault(accountId, Map.of()).getOrDefault(action, 0);
    }

    synchronized Map<String, Integer> requestCounts() {
        return Map.copyOf(requestCounts);
    }

    void failNext(String action, int times, int httpStatus, String errorCode, String message) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(errorCode, "errorCode");
        if (times < 0 || httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("times must be >= 0 and httpStatus a 4xx or 5xx status");
        }
        synchronized (this) {
            Deque<IamError> queue = injectedFaults.computeIfAbsent(action, a -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                queue.add(new IamError(httpStatus, errorCode, message == null ? "" : message));
            }
        }
    }

    synchronized void throttleAbove(int perSecond) {
        throttleAbovePerSecond = perSecond;
    }

    void answerAfter(Duration delay) {
        this.latency = Objects.requireNonNull(delay, "delay");
    }

    Duration latency() {
        return latency;
    }

    double peakRequestsPerSecond(Duration window) {
        long windowMillis = window.toMillis();
        List<Long> sorted;
        synchronized (this) {
            sorted = new ArrayList<>(arrivals);
        }
        sorted.sort(null);
        int most = 0;
        for (int first = 0, last = 0; last < sorted.size(); last++) {
            while (sorted.get(last) - sorted.get(first) >= windowMillis) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most * 1000.0 / windowMillis;
    }
}
