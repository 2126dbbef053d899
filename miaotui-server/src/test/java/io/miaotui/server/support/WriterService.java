package io.miaotui.server.support;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A service of a test's own, on a fresh data directory, with a set number of group-commit writers (1 makes real
 * batches behind a held line lock; 0 turns group commit off) and its clock at {@code paidAt}: what the batch and
 * race tests hold a connection against.
 */
public record WriterService(ConfigurableApplicationContext context, Api api, JdbcClient jdbc, DataSource dataSource,
        MeterRegistry meters) implements AutoCloseable {

    public static WriterService start(String dirPrefix, int writers, Instant paidAt) {
        var context = ClockedService.start("--miaotui.data-dir=" + TestDirs.fresh(dirPrefix),
                "--miaotui.refunds.group-commit.writers=" + writers, "--test.clock.start=" + paidAt);
        return new WriterService(context, Api.of(context), context.getBean(JdbcClient.class),
                context.getBean(DataSource.class), context.getBean(MeterRegistry.class));
    }

    @Override
    public void close() {
        context.close();
    }
}
