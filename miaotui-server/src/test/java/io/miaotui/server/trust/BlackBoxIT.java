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

    @Test
    @DisplayName("HEAD on a shop's metrics is 405 for its merchant and a buyer alike; a second start on the same"
            + " data directory fails, naming it, and the first service keeps serving")
    void fromOutside() throws Exception {
        Path dataDir = TestDirs.fresh("miaotui-black-box-");
        int port = JarServers.freePort();
        try (var servers = new JarServers("black-box-it")) {
            Process first = servers.start("first", dataDir, port, Duration.ofSeconds(120));
            Api api = new Api(port, dataDir);
            assertThat(api.put("/api/v1/shops/S-bb", Map.of("name", "Tea", "channel", "TAOBAO")).status()).isEqualTo(200);

            for (String token : new String[] {api.actors().buyer("B-bb"), api.actors().merchant("S-bb")}) {
                Api.Reply head = api.as(token).call("HEAD", "/api/v1/shops/S-bb/metrics", null);
                assertThat(head.status()).isEqualTo(405);
                assertThat(head.header("Allow")).isEqualTo("GET");
                assertThat(head.contentType()).startsWith("application/problem+json");
            }
            assertThat(api.as(api.actors().merchant("S-bb")).get("/api/v1/shops/S-bb/metrics").status()).isEqualTo(200);

            Process second = servers.launch("second", dataDir, JarServers.freePort());
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("the second start gives up").isTrue();
            String said = Files.readString(servers.log("second"));
            assertThat(second.exitValue()).isNotZero();
            assertThat(said).contains("APPLICATION FAILED TO START")
                    .contains("The data directory " + dataDir.toAbsolutePath() + " is in use by another process (pid "
                            + first.pid());
            assertThat(api.get("/api/v1/shops/S-bb").status()).as("the first service still serves").isEqualTo(200);
        }
    }
}
