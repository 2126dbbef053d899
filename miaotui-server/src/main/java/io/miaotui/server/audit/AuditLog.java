package io.miaotui.server.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import io.miaotui.server.database.OneRoundTrip;
import io.miaotui.server.trust.Caller;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes one audit row per state change, in the caller's transaction, so a change and its record commit or
 * vanish together. Refund steps are not written here: they carry their actor in the refund's own history,
 * which {@link #read} reads alongside.
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

    /** A state change to record: who made it, what it was, what it changed, how. */
    public record Change(Caller caller, String action, String subject, String detail) {
    }

    /**
     * The audit rows of several changes made now, as one statement for the caller to send with the changes
     * themselves (a batch of shipments: group commit). Rows go in the changes' order.
     */
    public OneRoundTrip.Step recording(List<Change> changes) {
        return new OneRoundTrip.Step("""
                insert into audit_log (at, actor, action, subject, detail)
                select ?, actor, action, subject, detail
                from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::text[]) as c(actor, action, subject, detail)
                """, List.of(Timestamp.from(clock.instant()),
                        changes.stream().map(c -> c.caller().actor()).toArray(String[]::new),
                        changes.stream().map(Change::action).toArray(String[]::new),
                        changes.stream().map(Change::subject).toArray(String[]::new),
                        changes.stream().map(Change::detail).toArray(String[]::new)), null);
    }

    @Schema(name = "AuditEntry")
    public record Entry(Instant at, String actor, String action, String subject,
            @Schema(nullable = true) String detail) {
    }

    /**
     * A page of the audit log and every refund's history together, newest first, in [from, to); a non-null
     * {@code actorPrefix} or {@code subjectPrefix} keeps the entries whose actor or subject starts with it.
     */
    public List<Entry> read(Instant from, Instant to, String actorPrefix, String subjectPrefix, int page, int size) {
        var params = new ArrayList<Object>();
        String filters = " where at >= ? and at < ?";
        String actorFilter = actorPrefix == null ? "" : " and actor like ? escape '\\'";
        String subjectFilter = subjectPrefix == null ? "" : " and subject like ? escape '\\'";
        for (int part = 0; part < 2; part++) {
            params.add(Timestamp.from(from));
            params.add(Timestamp.from(to));
            if (actorPrefix != null) {
                params.add(likePrefix(actorPrefix));
            }
            if (subjectPrefix != null) {
                params.add(likePrefix(subjectPrefix));
            }
        }
        params.add(size);
        params.add((long) page * size);
        return jdbc.sql("""
                select at, actor, action, subject, detail from audit_log""" + filters + actorFilter + subjectFilter + """
                 union all
                select at, actor, action, subject, detail from (
                    select at, actor, event as action, 'refund:' || refund_id as subject, detail from refund_events
                ) r""" + filters + actorFilter + subjectFilter
                + " order by at desc limit ? offset ?") // the space matters: "?order" is a syntax error
                .params(params)
                .query((rs, n) -> new Entry(rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                        rs.getString("action"), rs.getString("subject"), rs.getString("detail")))
                .list();
    }

    /** Prefix match: {@code actor=MERCHANT:} finds every merchant; the value's own % and _ match themselves. */
    private static String likePrefix(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
