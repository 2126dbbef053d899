package io.miaotui.server.policy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.miaotui.policy.cel.CompiledPolicy;
import io.miaotui.policy.cel.PolicyFacts;
import io.miaotui.policy.cel.WhatIfResult;
import io.miaotui.policy.cel.WhatIfTally;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replays stored refund requests through a draft policy: a server-side cursor over the decisions of one policy
 * key in a window, fetched a few thousand rows at a time into a {@link WhatIfTally} that keeps only counters, so
 * a million requests take constant memory. Runs in a read-only transaction (PostgreSQL streams only inside one).
 */
@Component
public class WhatIfReplay {
    static final int FETCH_SIZE = 5_000;

    private final JdbcTemplate cursor;
    private final TransactionTemplate readOnly;
    private final Timer timer;

    public WhatIfReplay(DataSource dataSource, TransactionTemplate transactions, MeterRegistry meters) {
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
        this.timer = Timer.builder("miaotui.policy.what_if").description("What-if replays, whole scan")
                .register(meters);
    }

    public record Replayed(WhatIfResult result, double seconds) {
    }

    public Replayed replay(String key, CompiledPolicy draft, Instant from, Instant to) {
        long start = System.nanoTime();
        WhatIfTally tally = new WhatIfTally(draft);
        readOnly.executeWithoutResult(status -> cursor.query("""
                select instant, shop_id, channel, shop_closed, shop_experience_score, order_paid_at, order_line_count,
                    line_paid_fen, line_quantity, line_shipped, line_ship_by, buyer_id, buyer_refunds_90d,
                    buyer_orders_90d, buyer_instant_30d_fen, buyer_credit_level, request_amount_fen, request_reason,
                    decided_at
                from policy_decisions where policy_key = ? and decided_at >= ? and decided_at < ?
                """, rs -> {
                    tally.add(facts(rs), rs.getBoolean(1));
                }, key, Timestamp.from(from), Timestamp.from(to)));
        long nanos = System.nanoTime() - start;
        timer.record(java.time.Duration.ofNanos(nanos));
        return new Replayed(tally.result(), nanos / 1e9);
    }

    private static PolicyFacts facts(ResultSet rs) throws SQLException {
        Timestamp shipBy = rs.getTimestamp(11);
        return new PolicyFacts(rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getDouble(5),
                rs.getTimestamp(6).toInstant(), rs.getInt(7), rs.getLong(8), rs.getInt(9), rs.getBoolean(10),
                shipBy == null ? null : shipBy.toInstant(), rs.getString(12), rs.getInt(13), rs.getInt(14),
                rs.getLong(15), rs.getInt(16), rs.getLong(17), rs.getString(18), rs.getTimestamp(19).toInstant());
    }
}
