package io.github.mfaenroll.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Races for the tests: the same task (or several) started on real threads at once, as simultaneous requests or
 * sign-ins reach the stores and the app. Each call waits for every task and shuts its threads down.
 */
public final class Concurrently {

    private Concurrently() {
    }

    /** What each of {@code threads} simultaneous runs of {@code task} returned, or the exception a run threw. */
    public static <T> List<Object> outcomes(int threads, Callable<T> task) throws InterruptedException {
        List<Object> outcomes = new ArrayList<>();
        for (Future<T> future : start(Collections.nCopies(threads, task))) {
            try {
                outcomes.add(future.get());
            } catch (ExecutionException e) {
                outcomes.add(e.getCause());
            }
        }
        return outcomes;
    }

    /** What each of {@code threads} simultaneous runs of {@code task} returned; throws when one of them threw. */
    public static <T> List<T> results(int threads, Callable<T> task) throws InterruptedException, ExecutionException {
        return results(Collections.nCopies(threads, task));
    }

    /** What each task, all started at once, returned (in the tasks' order); throws when one of them threw. */
    public static <T> List<T> results(List<? extends Callable<T>> tasks) throws InterruptedException,
            ExecutionException {
        List<T> results = new ArrayList<>();
        for (Future<T> future : start(tasks)) {
            results.add(future.get());
        }
        return results;
    }

    private static <T> List<Future<T>> start(List<? extends Callable<T>> tasks) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            return pool.invokeAll(tasks);
        } finally {
            pool.shutdown();
        }
    }
}
