package io.miaotui.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.TestDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The packaged jar's {@code token} command, as the README runs it: its own process, no server, no database. */
class TokenCommandIT {

    @Test
    @DisplayName("java -jar miaotui-server.jar token prints a signed token and starts nothing")
    void tokenFromTheJar() throws Exception {
        Path dataDir = TestDirs.fresh("miaotui-token-");
        var command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of("target", "miaotui-server.jar").toString(), "token", "--role", "MERCHANT", "--subject",
                "staff-1", "--shop", "S-1");
        command.environment().put("MIAOTUI_DATA_DIR", dataDir.toString());
        long start = System.nanoTime();
        Process process = command.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(process.exitValue()).isZero();
        assertThat(out).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(out.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains("\"role\":\"MERCHANT\"").contains("\"shop\":\"S-1\"").contains("\"sub\":\"staff-1\"");
        try (Stream<Path> files = Files.walk(dataDir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> dataDir.relativize(p).toString()).toList())
                    .as("no database was started").containsExactly("auth/jwt-hmac.key");
        }
        System.out.println("token command took " + millis + " ms");
    }
}
