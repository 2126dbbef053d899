package io.miaotui.server.support;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Counts the round trips this thread makes to PostgreSQL, as the JDBC driver's Sync messages: each Sync is answered
 * by one ReadyForQuery, which the driver waits for. Read from the driver's own protocol log (java.util.logging,
 * level FINEST), so what is counted is what went on the wire.
 */
public final class RoundTrips implements AutoCloseable {
    private static final Logger DRIVER = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");

    private final long thread = Thread.currentThread().threadId();
    private final boolean everyThread;
    private final AtomicInteger syncs = new AtomicInteger();
    private final Map<String, AtomicInteger> byThread = new ConcurrentHashMap<>();
    private final Level levelBefore = DRIVER.getLevel();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (!" FE=> Sync".equals(record.getMessage())) {
                return;
            }
            if (everyThread) {
                // the driver logs on the thread that sends; its name without numbers names the kind of work
                byThread.computeIfAbsent(Thread.currentThread().getName().replaceAll("[0-9]+", "#"),
                        k -> new AtomicInteger()).incrementAndGet();
                syncs.incrementAndGet();
            } else if (record.getLongThreadID() == thread) {
                syncs.incrementAndGet();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private RoundTrips(boolean everyThread) {
        this.everyThread = everyThread;
        handler.setLevel(Level.FINEST);
        DRIVER.addHandler(handler);
        DRIVER.setLevel(Level.FINEST);
    }

    /** Starts counting this thread's round trips. */
    public static RoundTrips count() {
        return new RoundTrips(false);
    }

    /** Starts counting every thread's round trips, by the kind of thread. */
    public static RoundTrips countEveryThread() {
        return new RoundTrips(true);
    }

    /** Round trips so far by the kind of thread that made them (its name, numbers as #); every thread's only. */
    public Map<String, Integer> byThread() {
        var counts = new TreeMap<String, Integer>();
        byThread.forEach((kind, n) -> counts.put(kind, n.get()));
        return counts;
    }

    /** Round trips so far. */
    public int made() {
        return syncs.get();
    }

    @Override
    public void close() {
        DRIVER.removeHandler(handler);
        DRIVER.setLevel(levelBefore);
    }
}
