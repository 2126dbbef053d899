package io.miaotui.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineStallsTest {
    private static final long MS = 1_000_000;

    @Test
    void aWindowSummarisesTheStallsThatEndedInItAndIgnoresOrdinaryLateness() {
        var stalls = MachineStalls.unwatched();
        stalls.noteWakeUp(1_000 * MS, 1_900 * MS); // a paused machine, before the window
        stalls.noteWakeUp(5_000 * MS, 3 * MS); // scheduling noise, never a stall
        stalls.noteWakeUp(6_000 * MS, 40 * MS);
        stalls.noteWakeUp(7_000 * MS, 500 * MS);

        MachineStalls.Summary window = stalls.since(2_000 * MS);
        assertThat(window.count()).isEqualTo(2);
        assertThat(window.longestMs()).isEqualTo(500.0);
        assertThat(window.totalMs()).isEqualTo(540.0);
        assertThat(stalls.since(8_000 * MS)).isEqualTo(new MachineStalls.Summary(0, 0, 0));
    }

    /** The JVM is stopped for 300 ms (SIGSTOP, then SIGCONT from a child process), as a paused machine would be. */
    @Test
    void theWatcherSeesTheWholeProcessStop() throws Exception {
        try (var stalls = MachineStalls.start()) {
            Thread.sleep(50);
            long from = System.nanoTime();
            long pid = ProcessHandle.current().pid();
            Process pause = new ProcessBuilder("sh", "-c", "kill -STOP " + pid + "; sleep 0.3; kill -CONT " + pid)
                    .start();
            assertThat(pause.waitFor()).isZero();
            Thread.sleep(50);
            MachineStalls.Summary window = stalls.since(from);
            assertThat(window.longestMs()).isGreaterThanOrEqualTo(250.0);
            assertThat(window.count()).isGreaterThanOrEqualTo(1);
        }
    }
}
