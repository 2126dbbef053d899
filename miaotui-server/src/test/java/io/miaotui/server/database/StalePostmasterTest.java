package io.miaotui.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a SIGKILLed JVM leaves behind must not stop the next start, and must not harm anyone else's process. */
class StalePostmasterTest {

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("a lock file naming a dead process is removed")
    void deadPid() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(dataDir.resolve("postmaster.pid"), gone.pid() + "\n" + dataDir + "\n");

        EmbeddedDatabase.StalePostmaster.clear(dataDir);

        assertThat(dataDir.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    @DisplayName("a lock file naming someone else's live process is removed and that process is left alone")
    void someoneElsesPid() throws Exception {
        Process bystander = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(dataDir.resolve("postmaster.pid"), bystander.pid() + "\n");

            EmbeddedDatabase.StalePostmaster.clear(dataDir);

            assertThat(dataDir.resolve("postmaster.pid")).doesNotExist();
            assertThat(bystander.isAlive()).isTrue();
        } finally {
            bystander.destroyForcibly();
        }
    }

    @Test
    @DisplayName("an orphaned postgres serving this directory is stopped before the lock file goes")
    void orphanServingOurDirectory() throws Exception {
        // A stand-in whose command line names postgres and our directory, as the orphaned postmaster's does.
        Process stand = new ProcessBuilder("bash", "-c", "sleep 30; true", "postgres", "-D", dataDir.toString()).start();
        try {
            Files.writeString(dataDir.resolve("postmaster.pid"), stand.pid() + "\n");

            EmbeddedDatabase.StalePostmaster.clear(dataDir);

            assertThat(stand.isAlive()).isFalse();
            assertThat(dataDir.resolve("postmaster.pid")).doesNotExist();
        } finally {
            stand.destroyForcibly();
        }
    }
}
