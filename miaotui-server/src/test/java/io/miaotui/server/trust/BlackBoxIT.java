package io.miaotui.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.JarServers;
import io.miaotui.server.support.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged jar as an operator runs it, from outside: a method the role table does not list is refused, and a
 * second start on the same data directory fails without touching the running service.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BlackBoxIT {

    private static ProcessBuilder jar(Path dataDir, int port, Path log) {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of("target", "miaotui-server.jar").toString(), "--miaotui.data-dir=" + dataDir,
                "--server.port=" + port).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    @Test
    @DisplayName("HEAD on a shop's metrics is 405 for its merchant and a buyer alike; a second start on the same"
            + " data directory fails, naming it, and the first service keeps serving")
    void fromOutside() throws Exception {
        Path dataDir = TestDirs.fresh("miaotui-black-box-");
        int port = JarServers.freePort();
        Path log = Path.of("target", "black-box-it-first.log");
        Process first = jar(dataDir, port, log).start();
        try {
            Api api = awaitHealthy(first, new Api(port, dataDir), log);
            assertThat(api.put("/api/v1/shops/S-bb", Map.of("name", "Tea", "channel", "TAOBAO")).status()).isEqualTo(200);

            for (String token : new String[] {api.actors().buyer("B-bb"), api.actors().merchant("S-bb")}) {
                Api.Reply head = api.as(token).call("HEAD", "/api/v1/shops/S-bb/metrics", null);
                assertThat(head.status()).isEqualTo(405);
                assertThat(head.header("Allow")).isEqualTo("GET");
                assertThat(head.contentType()).startsWith("application/problem+json");
            }
            assertThat(api.as(api.actors().merchant("S-bb")).get("/api/v1/shops/S-bb/metrics").status()).isEqualTo(200);

            Path secondLog = Path.of("target", "black-box-it-second.log");
            Process second = jar(dataDir, JarServers.freePort(), secondLog).start();
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("the second start gives up").isTrue();
            String said = Files.readString(secondLog);
            assertThat(second.exitValue()).isNotZero();
            assertThat(said).contains("APPLICATION FAILED TO START")
                    .contains("The data directory " + dataDir.toAbsolutePath() + " is in use by another process (pid "
                            + first.pid());
            assertThat(api.get("/api/v1/shops/S-bb").status()).as("the first service still serves").isEqualTo(200);
        } finally {
            first.destroy();
            if (!first.waitFor(60, TimeUnit.SECONDS)) {
                first.destroyForcibly();
            }
        }
    }

    private static Api awaitHealthy(Process server, Api api, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("the server died; see %s", log).isTrue();
            try {
                if (api.as(null).get("/actuator/health").status() == 200) {
                    return api;
                }
            } catch (RuntimeException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the server did not become healthy; see " + log);
    }
}
