package io.miaotui.server.events;

import java.time.Duration;

/** The relay's and the consumer's wait after a failure: an interrupt ends it early and is kept for the loop to see. */
final class Pause {
    private Pause() {
    }

    static void quietly(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
