package io.miaotui.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** For tests that hold a row lock to line requests up behind it: waits until that many wait for a lock. */
public final class LockWaiters {
    private LockWaiters() {
    }

    /** Until {@code waiters} sessions of this database wait for a lock (only the test holds one this long). */
    public static void await(JdbcClient jdbc, int waiters) {
        assertThat(Poll.until(() -> jdbc.sql("""
                select count(*) from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'
                """).query(Long.class).single() >= waiters, Duration.ofSeconds(30)))
                .as("%d sessions waiting for a lock", waiters).isTrue();
    }
}
