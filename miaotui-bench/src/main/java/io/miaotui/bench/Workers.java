package io.miaotui.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs exactly {@code count} copies of a worker loop, each on its own virtual thread, and waits for all. */
public final class Workers {
    private Workers() {
    }

    /** Returns when every loop has returned; a loop that threw is rethrown (the first one) after all finish. */
    public static void run(int count, Runnable loop) {
        List<Future<?>> futures = new ArrayList<>(count);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                futures.add(executor.submit(loop));
            }
        } // close() waits for every task
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a worker failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for workers", e);
            }
        }
    }
}
