package io.miaotui.gatewaysim;

/** Sleeps for the injected latency and delays; on a virtual thread, so other requests carry on meanwhile. */
final class Pause {
    private Pause() {
    }

    static void millis(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
