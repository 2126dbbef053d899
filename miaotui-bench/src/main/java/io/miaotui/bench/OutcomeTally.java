package io.miaotui.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts a phase's outcomes from many threads: responses by status code, calls that got no response by exception
 * type, and the first failure of each kind so a broken run says why.
 */
public final class OutcomeTally {
    private final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byError = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    public void record(ApiResponse response) {
        total.increment();
        if (response.responded()) {
            byStatus.computeIfAbsent(response.status(), k -> new LongAdder()).increment();
            if (!response.isSuccess()) {
                firstFailure.compareAndSet(null, response.describe());
            }
        } else {
            byError.computeIfAbsent(response.error().getClass().getSimpleName(), k -> new LongAdder()).increment();
            firstFailure.compareAndSet(null, response.describe());
        }
    }

    public long total() {
        return total.sum();
    }

    /** Responses by status code, in code order. */
    public Map<Integer, Long> statusCounts() {
        return snapshot(byStatus);
    }

    /** Calls that got no response, by exception type. */
    public Map<String, Long> errorCounts() {
        return snapshot(byError);
    }

    public long successes() {
        return byStatus.entrySet().stream().filter(e -> e.getKey() >= 200 && e.getKey() < 300)
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    public long serverErrors() {
        return byStatus.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(e -> e.getValue().sum()).sum();
    }

    public long connectionErrors() {
        return byError.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Non-2xx responses plus calls without a response; counted directly, so never negative mid-run. */
    public long failures() {
        long non2xx = byStatus.entrySet().stream().filter(e -> e.getKey() < 200 || e.getKey() >= 300)
                .mapToLong(e -> e.getValue().sum()).sum();
        return non2xx + connectionErrors();
    }

    /** The first non-2xx response or connection error seen, if any. */
    public String firstFailure() {
        return firstFailure.get();
    }

    /** Whether the run should exit non-zero: any 5xx or any call without a response. */
    public boolean hasHardFailures() {
        return serverErrors() > 0 || connectionErrors() > 0;
    }

    private static <K extends Comparable<K>> Map<K, Long> snapshot(ConcurrentHashMap<K, LongAdder> counts) {
        Map<K, Long> sorted = new TreeMap<>();
        counts.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }
}
