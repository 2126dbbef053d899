package io.miaotui.server.policy;

import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How a gray release is doing on real traffic: for the decisions made while a candidate was out, grouped by the
 * version that decided, how many were instant and how many the other version would have decided otherwise.
 */
@Component
public class GrayReport {
    private final JdbcClient jdbc;

    public GrayReport(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Schema(name = "GrayReportServed")
    public record Served(int version, int otherVersion, long requests, long instant, long otherWouldBeInstant,
            long disagreements) {
    }

    @Schema(name = "GrayReport")
    public record Report(String policy, Instant from, Instant to, List<Served> served) {
    }

    public Report report(String key, Instant from, Instant to) {
        List<Served> served = jdbc.sql("""
                select policy_version, shadow_version, count(*) as requests, count(*) filter (where instant) as instant,
                    count(*) filter (where shadow_instant) as other_instant,
                    count(*) filter (where instant <> shadow_instant) as disagreements
                from policy_decisions
                where policy_key = ? and decided_at >= ? and decided_at < ? and shadow_version is not null
                group by policy_version, shadow_version order by policy_version
                """)
                .params(key, Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> new Served(rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6)))
                .list();
        return new Report(key, from, to, served);
    }
}
