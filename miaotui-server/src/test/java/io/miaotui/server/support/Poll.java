package io.miaotui.server.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in tests for something asynchronous (a payout, a deadline sweep) to have happened. */
public final class Poll {
    private static final long INTERVAL_MILLIS = 10;

    private Poll() {
    }

    /** Checks {@code done} until it holds or {@code within} passes; true when it held. */
    public static boolean until(BooleanSupplier done, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
