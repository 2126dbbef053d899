package io.miaotui.server.payout;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.miaotui.server.database.RetryingTransactions;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The payout workers' own small connection pool to the same database (a bulkhead). At a peak, hundreds of refund
 * requests queue for the main pool; payouts must not wait behind them, or buyers wait for money that was
 * approved long ago. Settings are copied from the main pool; only the size and name differ.
 */
@Component
public class PayoutDatabase implements DisposableBean {
    private final HikariDataSource pool;
    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final RetryingTransactions transactions;

    public PayoutDatabase(DataSource main, PayoutProperties properties, MeterRegistry meters) throws SQLException {
        HikariConfig config = new HikariConfig();
        main.unwrap(HikariDataSource.class).copyStateTo(config);
        config.setPoolName("miaotui-payout");
        config.setMaximumPoolSize(properties.workers() + 1);
        config.setMinimumIdle(1);
        // The payout statements are all keyed: a batch's refunds, lines and leases. Two planner habits cost more
        // than running them. The outbox is a queue whose statistics say "empty" while its pages hold thousands of
        // dead rows between vacuums, so the cheapest plan for it looked like reading it all (1.3 ms a claim in a
        // storm, BENCHMARKS.md); and a statement binding arrays was planned afresh on every call. Here a seq scan
        // is never the right plan, and one generic plan serves every batch. Added after the main pool's own init
        // statement (its jit = off, application.properties), which the copy keeps.
        String own = "select set_config('plan_cache_mode', 'force_generic_plan', false),"
                + " set_config('enable_seqscan', 'off', false)";
        String inherited = config.getConnectionInitSql();
        config.setConnectionInitSql(inherited == null || inherited.isBlank() ? own : inherited + "; " + own);
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        this.pool = new HikariDataSource(config);
        this.jdbc = JdbcClient.create(pool);
        this.batch = new JdbcTemplate(pool);
        this.transactions = new RetryingTransactions(new TransactionTemplate(new DataSourceTransactionManager(pool)));
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    public JdbcTemplate batch() {
        return batch;
    }

    public RetryingTransactions transactions() {
        return transactions;
    }

    @Override
    public void destroy() {
        pool.close();
    }
}
