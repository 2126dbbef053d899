package io.miaotui.server.policy;

import io.miaotui.policy.PolicyVersionStatus;
import io.miaotui.policy.cel.Rollout;
import io.miaotui.shop.Channel;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Policy versions, the channel routing and the epoch that tells instances to reload, in PostgreSQL. */
@Repository
public class PolicyStore {
    private static final String COLUMNS = """
            policy_key, version, expression, description, status, rollout_percent, rollout_shops, rollout_buyers,
            created_at, created_by, changed_at""";

    /** The statuses that serve traffic, as an SQL list: the domain's {@link PolicyVersionStatus#SERVING}. */
    private static final String SERVING = PolicyVersionStatus.SERVING.stream().map(s -> "'" + s.name() + "'").sorted()
            .collect(Collectors.joining(", "));

    private final JdbcClient jdbc;

    public PolicyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long epoch() {
        return jdbc.sql("select epoch from policy_epoch").query(Long.class).single();
    }

    /** Tells every instance to reload; called in the transaction of the change. */
    public void bumpEpoch() {
        jdbc.sql("update policy_epoch set epoch = epoch + 1").update();
    }

    /** The versions that serve traffic (ACTIVE and CANDIDATE), every key. */
    public List<PolicyVersion> serving() {
        return jdbc.sql("select " + COLUMNS + " from policy_versions where status in (" + SERVING + ")")
                .query((rs, n) -> version(rs)).list();
    }

    public List<PolicyVersion> versions(String key) {
        return jdbc.sql("select " + COLUMNS + " from policy_versions where policy_key = ? order by version")
                .param(key).query((rs, n) -> version(rs)).list();
    }

    public List<PolicyVersion> all() {
        return jdbc.sql("select " + COLUMNS + " from policy_versions order by policy_key, version")
                .query((rs, n) -> version(rs)).list();
    }

    /** Every version of the key, row-locked, so changes to one key are serialised. */
    public List<PolicyVersion> lockKey(String key) {
        return jdbc.sql("select " + COLUMNS + " from policy_versions where policy_key = ? order by version for update")
                .param(key).query((rs, n) -> version(rs)).list();
    }

    public void insert(PolicyVersion version) {
        jdbc.sql("""
                insert into policy_versions (policy_key, version, expression, description, status, created_at,
                    created_by, changed_at) values (?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(version.key(), version.version(), version.expression(), version.description(),
                        version.status().name(), Timestamp.from(version.createdAt()), version.createdBy(),
                        Timestamp.from(version.changedAt()))
                .update();
    }

    public void update(String key, int version, PolicyVersionStatus status, Rollout rollout, Instant now) {
        jdbc.sql("""
                update policy_versions set status = ?, rollout_percent = ?, rollout_shops = ?::text[],
                    rollout_buyers = ?::text[], changed_at = ? where policy_key = ? and version = ?
                """)
                .params(status.name(), rollout.percent(), textArray(rollout.shops()), textArray(rollout.buyers()),
                        Timestamp.from(now), key, version)
                .update();
    }

    public Map<Channel, String> routing() {
        return routing("");
    }

    /** Row-locks the routing (all channels) for a change. */
    public Map<Channel, String> lockRouting() {
        return routing(" for update");
    }

    private Map<Channel, String> routing(String lock) {
        var routing = new EnumMap<Channel, String>(Channel.class);
        jdbc.sql("select channel, policy_key from policy_routing" + lock)
                .query((rs, n) -> routing.put(Channel.valueOf(rs.getString(1)), rs.getString(2))).list();
        return routing;
    }

    public void saveRouting(Map<Channel, String> routing, Instant now) {
        routing.forEach((channel, key) -> jdbc.sql("""
                insert into policy_routing (channel, policy_key, changed_at) values (?, ?, ?)
                on conflict (channel) do update set policy_key = excluded.policy_key, changed_at = excluded.changed_at
                """).params(channel.name(), key, Timestamp.from(now)).update());
    }

    /** Seeds the routing from configuration once, when no one has set it yet; true when it did. */
    public boolean seedRouting(Map<Channel, String> routing, Instant now) {
        int seeded = 0;
        for (var entry : routing.entrySet()) {
            seeded += jdbc.sql("insert into policy_routing (channel, policy_key, changed_at) values (?, ?, ?)"
                    + " on conflict (channel) do nothing")
                    .params(entry.getKey().name(), entry.getValue(), Timestamp.from(now)).update();
        }
        return seeded > 0;
    }

    private static String textArray(Set<String> values) {
        var sb = new StringBuilder("{");
        for (String value : values) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append('}').toString();
    }

    private static PolicyVersion version(ResultSet rs) throws SQLException {
        return new PolicyVersion(rs.getString("policy_key"), rs.getInt("version"), rs.getString("expression"),
                rs.getString("description"), PolicyVersionStatus.valueOf(rs.getString("status")),
                new Rollout(rs.getInt("rollout_percent"), strings(rs.getArray("rollout_shops")),
                        strings(rs.getArray("rollout_buyers"))),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
                rs.getTimestamp("changed_at").toInstant());
    }

    private static Set<String> strings(Array array) throws SQLException {
        var values = new LinkedHashSet<String>();
        if (array != null) {
            for (Object value : (Object[]) array.getArray()) {
                values.add((String) value);
            }
        }
        return values;
    }

    public Optional<PolicyVersion> find(String key, int version) {
        return jdbc.sql("select " + COLUMNS + " from policy_versions where policy_key = ? and version = ?")
                .params(key, version).query((rs, n) -> version(rs)).optional();
    }
}
