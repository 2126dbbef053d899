package io.miaotui.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/** Prints "label done/total, rate" to stderr every ~2 s until closed, so a long phase is visibly alive. */
public final class Progress implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(2);

    private final Thread thread;

    private Progress(Thread thread) {
        this.thread = thread;
    }

    /** Starts reporting to {@code out}; {@code done} and {@code failed} are read from the reporting thread. */
    public static Progress start(String label, long total, LongSupplier done, LongSupplier failed, PrintStream out) {
        long started = System.nanoTime();
        Thread thread = Thread.ofPlatform().daemon().name("progress-" + label).start(() -> {
            long lastDone = 0;
            long lastAt = started;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(INTERVAL);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                long doneNow = done.getAsLong();
                double overall = doneNow / seconds(now - started);
                double recent = (doneNow - lastDone) / seconds(now - lastAt);
                // a total of 0 or less: open-ended (a timed phase), so no share of it
                String share = total > 0 ? String.format(Locale.ROOT, "/%d (%.1f%%)", total, 100.0 * doneNow / total) : "";
                out.printf(Locale.ROOT, "[%s] %d%s  %.0f/s now, %.0f/s overall, %d failed, %.0f s%n",
                        label, doneNow, share, recent, overall, failed.getAsLong(), seconds(now - started));
                lastDone = doneNow;
                lastAt = now;
            }
        });
        return new Progress(thread);
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double seconds(long nanos) {
        return Math.max(nanos, 1) / 1e9;
    }
}
