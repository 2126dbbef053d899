package io.miaotui.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.miaotui.server.support.TestDirs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two services on one data directory: the second must not take the first one's live PostgreSQL for an orphan.
 * The first runs as its own process, as a second start on a shared directory would meet it in real life.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DataDirectoryInUseTest {

    /** A process holding an embedded database on {@code directory}, and the JDBC URL it printed once ready. */
    private record Running(Process process, String jdbcUrl) {
        long postmasterPid(Path directory) throws Exception {
            return Long.parseLong(Files.readAllLines(directory.resolve("postmaster.pid")).getFirst().strip());
        }
    }

    private static Running startElsewhere(Path directory) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbeddedDatabaseProcess.class.getName(), directory.toString())
                .redirectErrorStream(true).start();
        var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("READY ")) {
                String url = line.substring("READY ".length());
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep its output flowing
                return new Running(process, url);
            }
        }
        throw new IllegalStateException("the other process ended before its database was ready: " + process.waitFor());
    }

    private static boolean answers(String jdbcUrl) {
        try (var connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            return connection.isValid(5);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    @DisplayName("a second start on a directory whose service is alive fails, naming the directory and the other"
            + " process, and leaves that service's PostgreSQL running")
    void secondStartOnALiveDirectoryFails() throws Exception {
        Path directory = TestDirs.fresh("miaotui-in-use-").resolve("postgres");
        Running first = startElsewhere(directory);
        try {
            long postmaster = first.postmasterPid(directory);

            Throwable thrown = catchThrowable(() -> {
                try (EmbeddedDatabase second = EmbeddedDatabase.start(directory, false)) {
                    // started: it took the first one's database away
                }
            });

            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).as("the first one's postmaster")
                    .contains(true);
            assertThat(first.postmasterPid(directory)).as("postmaster.pid").isEqualTo(postmaster);
            assertThat(answers(first.jdbcUrl())).as("the first one's database answers").isTrue();
            assertThat(thrown).as("the second start").isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(directory.getParent().toAbsolutePath().toString())
                    .hasMessageContaining("pid " + first.process().pid());
        } finally {
            first.process().getOutputStream().close();
            if (!first.process().waitFor(60, TimeUnit.SECONDS)) {
                first.process().destroyForcibly();
            }
        }
        assertThat(directory.resolve("postmaster.pid")).as("the first one stopped its PostgreSQL").doesNotExist();
    }

    @Test
    @DisplayName("after the service is killed (SIGKILL) its orphaned postmaster is stopped and the next start succeeds")
    void killedServiceLeavesNothingInTheWay() throws Exception {
        Path directory = TestDirs.fresh("miaotui-killed-").resolve("postgres");
        Running first = startElsewhere(directory);
        long postmaster = first.postmasterPid(directory);
        first.process().destroyForcibly().waitFor();
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).as("the orphan lives on").contains(true);

        try (EmbeddedDatabase next = EmbeddedDatabase.start(directory, false)) {
            assertThat(answers(next.jdbcUrl())).isTrue();
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false))
                    .as("the orphan was stopped").isFalse();
        }
    }

    @Test
    @DisplayName("a second start on the same directory in the same process fails too, and the first keeps its lock")
    void secondStartInTheSameProcessFails() throws Exception {
        Path directory = TestDirs.fresh("miaotui-same-jvm-").resolve("postgres");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(directory, false)) {
            Throwable thrown = catchThrowable(() -> {
                try (EmbeddedDatabase second = EmbeddedDatabase.start(directory, false)) {
                    // started: it took the first one's database away
                }
            });
            assertThat(thrown).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(directory.getParent().toAbsolutePath().toString());
            assertThat(answers(first.jdbcUrl())).as("the first one's database answers").isTrue();

            Throwable again = catchThrowable(() -> startElsewhere(directory).process().destroyForcibly());
            assertThat(again).as("another process, after the failed second start").isNotNull();
        }
    }
}
