package io.miaotui.server.support;

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
    private final AtomicInteger syncs = new AtomicInteger();
    private final Level levelBefore = DRIVER.getLevel();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLongThreadID() == thread && " FE=> Sync".equals(record.getMessage())) {
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

    private RoundTrips() {
        handler.setLevel(Level.FINEST);
        DRIVER.addHandler(handler);
        DRIVER.setLevel(Level.FINEST);
    }

    /** Starts counting this thread's round trips. */
    public static RoundTrips count() {
        return new RoundTrips();
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
