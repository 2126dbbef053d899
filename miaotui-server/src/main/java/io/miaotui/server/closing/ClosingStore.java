package io.miaotui.server.closing;

import io.miaotui.closing.ClosingWindow;
import io.miaotui.closing.ShopClosing;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The platform's closing window and shops' closings in PostgreSQL. */
@Repository
public class ClosingStore {
    private final JdbcClient jdbc;

    public ClosingStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void saveWindow(ClosingWindow window, Instant now) {
        jdbc.sql("""
                insert into closing_window (id, from_at, to_at, max_days, updated_at) values (1, ?, ?, ?, ?)
                on conflict (id) do update set from_at = excluded.from_at, to_at = excluded.to_at,
                    max_days = excluded.max_days, updated_at = excluded.updated_at
                """)
                .params(Timestamp.from(window.from()), Timestamp.from(window.to()), window.maxDays(), Timestamp.from(now))
                .update();
    }

    public Optional<ClosingWindow> window() {
        return jdbc.sql("select from_at, to_at, max_days from closing_window where id = 1")
                .query((rs, n) -> new ClosingWindow(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(),
                        rs.getInt(3)))
                .optional();
    }

    /** Locks the shop's row, so two changes of one shop's closing are made one after the other. */
    public boolean lockShop(String shopId) {
        return jdbc.sql("select 1 from shops where shop_id = ? for update").param(shopId).query(Integer.class)
                .optional().isPresent();
    }

    /** The shop's closing that has not ended by {@code now} (in force or coming), if any. */
    public Optional<ShopClosing> current(String shopId, Instant now) {
        return jdbc.sql("""
                select from_at, to_at from shop_closings where shop_id = ? and cancelled_at is null and to_at > ?
                order by from_at limit 1
                """)
                .params(shopId, Timestamp.from(now))
                .query((rs, n) -> new ShopClosing(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()))
                .optional();
    }

    public void add(String shopId, ShopClosing closing, Instant now) {
        jdbc.sql("insert into shop_closings (shop_id, from_at, to_at, created_at) values (?, ?, ?, ?)")
                .params(shopId, Timestamp.from(closing.from()), Timestamp.from(closing.to()), Timestamp.from(now))
                .update();
    }

    /** Cancels the shop's closings that have not started by {@code now}. */
    public int cancelUpcoming(String shopId, Instant now) {
        return jdbc.sql("update shop_closings set cancelled_at = ? where shop_id = ? and cancelled_at is null"
                        + " and from_at > ?")
                .params(Timestamp.from(now), shopId, Timestamp.from(now))
                .update();
    }
}
