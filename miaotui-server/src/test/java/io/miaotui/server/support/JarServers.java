package io.miaotui.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar run as its own process, as an operator runs it (the failsafe tests: crash, chaos): each start
 * logs to {@code target/<prefix>-<name>.log} and returns once {@code /actuator/health} answers 200; closing stops
 * every process started (SIGTERM, then SIGKILL after 30 s).
 */
public final class JarServers implements AutoCloseable {
    private final String logPrefix;
    private final List<Process> started = new CopyOnWriteArrayList<>();

    public JarServers(String logPrefix) {
        this.logPrefix = logPrefix;
    }

    /** Starts the jar on {@code dataDir} and {@code port} with {@code args} besides, waiting up to {@code patience}. */
    public Process start(String name, Path dataDir, int port, Duration patience, String... args) throws Exception {
        Process server = launch(name, dataDir, port, args);
        Api probe = new Api(port, dataDir);
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("server %s died; see %s", name, log(name)).isTrue();
            try {
                if (probe.get("/actuator/health").status() == 200) {
                    return server;
                }
            } catch (RuntimeException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("server " + name + " did not become healthy; see " + log(name));
    }

    /** Starts the jar without waiting for it: for a start that is meant to fail. */
    public Process launch(String name, Path dataDir, int port, String... args) throws IOException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "miaotui-server.jar").toString(),
                "--miaotui.data-dir=" + dataDir, "--server.port=" + port));
        command.addAll(List.of(args));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(name).toFile()).start();
        started.add(server);
        return server;
    }

    /** Where the server started as {@code name} logs. */
    public Path log(String name) {
        return Path.of("target", logPrefix + "-" + name + ".log");
    }

    @Override
    public void close() throws InterruptedException {
        for (Process server : started) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
