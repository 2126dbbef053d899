package io.miaotui.server.audit;

import io.miaotui.server.trust.Caller;
import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes one audit row per state change, in the caller's transaction, so a change and its record commit or
 * vanish together. Refund steps are not written here: they carry their actor in the refund's own history,
 * which {@link AuditController} reads alongside.
 */
@Repository
public class AuditLog {
    private final JdbcClient jdbc;
    private final Clock clock;

    public AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** {@code subject} names what changed ({@code shop:S-1}, {@code order:O-1/L-2}); {@code detail} says how. */
    public void record(Caller caller, String action, String subject, String detail) {
        jdbc.sql("insert into audit_log (at, actor, action, subject, detail) values (?, ?, ?, ?, ?)")
                .params(Timestamp.from(clock.instant()), caller.actor(), action, subject, detail)
                .update();
    }
}
