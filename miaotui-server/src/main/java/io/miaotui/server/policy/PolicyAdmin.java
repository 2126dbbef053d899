package io.miaotui.server.policy;

import io.miaotui.policy.PolicyVersionStatus.Action;
import io.miaotui.policy.PolicyVersionStatus;
import io.miaotui.policy.cel.CelPolicyCompiler;
import io.miaotui.policy.cel.PolicyCompilation;
import io.miaotui.policy.cel.Rollout;
import io.miaotui.server.audit.AuditLog;
import io.miaotui.server.database.RetryingTransactions;
import io.miaotui.server.trust.Caller;
import io.miaotui.server.web.ApiProblem;
import io.miaotui.server.web.ProblemType;
import io.miaotui.shop.Channel;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Operators' changes to policies: new versions, rollouts, promotion, rollback, routing. Each is one transaction
 * that locks the key's versions, goes through {@link PolicyVersionStatus}'s table, writes the audit log with the
 * state before and after, and bumps the epoch so every instance reloads.
 */
@Service
public class PolicyAdmin {
    private static final Logger log = LoggerFactory.getLogger(PolicyAdmin.class);

    private final PolicyStore store;
    private final PolicyBook book;
    private final CelPolicyCompiler compiler;
    private final RetryingTransactions transactions;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    public PolicyAdmin(PolicyStore store, PolicyBook book, CelPolicyCompiler compiler, RetryingTransactions transactions,
            AuditLog audit, JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.store = store;
        this.book = book;
        this.compiler = compiler;
        this.transactions = transactions;
        this.audit = audit;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Compiles the expression (422 with line and column on an error) and stores it as the key's next DRAFT. */
    public PolicyVersion createVersion(Caller caller, String key, String expression, String description) {
        if (compiler.compile(expression) instanceof PolicyCompilation.Rejected rejected) {
            throw invalid(rejected);
        }
        PolicyVersion created = transactions.execute("policy version", status -> {
            // A new key has no rows to lock yet: serialise its first versions on an advisory lock.
            jdbc.sql("select pg_advisory_xact_lock(hashtext(?))").param("policy:" + key).query().singleRow();
            List<PolicyVersion> versions = store.lockKey(key);
            int next = versions.isEmpty() ? 1 : versions.getLast().version() + 1;
            Instant now = clock.instant();
            var version = new PolicyVersion(key, next, expression, description, PolicyVersionStatus.DRAFT,
                    Rollout.percent(0), now, caller.actor(), now);
            store.insert(version);
            audit.record(caller, "POLICY_VERSION_CREATED", subject(key, next), detail(null, version));
            return version;
        });
        log.info("policy {} v{} created by {}", key, created.version(), caller.actor());
        return created;
    }

    /** Makes a draft the candidate, or ramps the candidate: the rollout says whom it serves. */
    public PolicyVersion rollOut(Caller caller, String key, int version, Rollout rollout) {
        return change(caller, key, version, Action.ROLL_OUT, (versions, target, now) -> {
            requireActive(versions, key, "roll out");
            versions.stream().filter(v -> v.status() == PolicyVersionStatus.CANDIDATE && v.version() != version)
                    .findFirst().ifPresent(other -> {
                        throw refused(key + " v" + other.version() + " is already in gray release; promote or roll it"
                                + " back first");
                    });
            store.update(key, version, PolicyVersionStatus.CANDIDATE, rollout, now);
        });
    }

    /** Makes the version ACTIVE for everyone; the version active until now is RETIRED. */
    public PolicyVersion promote(Caller caller, String key, int version) {
        return change(caller, key, version, Action.PROMOTE, (versions, target, now) -> {
            active(versions).ifPresent(old -> store.update(key, old.version(), PolicyVersionStatus.RETIRED,
                    Rollout.percent(0), now));
            store.update(key, version, PolicyVersionStatus.ACTIVE, Rollout.percent(0), now);
        });
    }

    /**
     * Takes a draft or candidate out of service, or an active version out in favour of the one active before it
     * (the newest retired version); the latter is refused when there is none.
     */
    public PolicyVersion rollBack(Caller caller, String key, int version) {
        return change(caller, key, version, Action.ROLL_BACK, (versions, target, now) -> {
            if (target.status() == PolicyVersionStatus.ACTIVE) {
                PolicyVersion previous = versions.stream().filter(v -> v.status() == PolicyVersionStatus.RETIRED)
                        .reduce((a, b) -> b).orElseThrow(() -> refused(key + " v" + version
                                + " is the only version ever active; there is nothing to roll back to"));
                store.update(key, version, PolicyVersionStatus.ROLLED_BACK, Rollout.percent(0), now);
                store.update(key, previous.version(), PolicyVersionStatus.ACTIVE, Rollout.percent(0), now);
            } else {
                store.update(key, version, PolicyVersionStatus.ROLLED_BACK, Rollout.percent(0), now);
            }
        });
    }

    /** Routes each channel to a key that has an active version. */
    public Map<Channel, String> route(Caller caller, Map<Channel, String> routing) {
        Map<Channel, String> saved = transactions.execute("policy routing", status -> {
            Map<Channel, String> before = store.lockRouting();
            for (var entry : routing.entrySet()) {
                if (active(store.lockKey(entry.getValue())).isEmpty()) {
                    throw refused("policy '" + entry.getValue() + "' has no active version; " + entry.getKey()
                            + " cannot be routed to it");
                }
            }
            store.saveRouting(routing, clock.instant());
            store.bumpEpoch();
            audit.record(caller, "POLICY_ROUTING_SET", "policy-routing", json.writeValueAsString(
                    Map.of("before", before, "after", routing)));
            return routing;
        });
        book.reload();
        log.info("policy routing set to {} by {}", saved, caller.actor());
        return saved;
    }

    @FunctionalInterface
    private interface Change {
        void apply(List<PolicyVersion> versions, PolicyVersion target, Instant now);
    }

    private PolicyVersion change(Caller caller, String key, int version, Action action, Change change) {
        PolicyVersion after = transactions.execute("policy " + action, status -> {
            List<PolicyVersion> versions = store.lockKey(key);
            PolicyVersion target = versions.stream().filter(v -> v.version() == version).findFirst()
                    .orElseThrow(() -> notFound(key, version));
            if (target.status().after(action).isEmpty()) {
                String verb = switch (action) {
                    case ROLL_OUT -> "rolled out";
                    case PROMOTE -> "promoted";
                    case ROLL_BACK -> "rolled back";
                };
                throw refused(key + " v" + version + " is " + target.status() + " and cannot be " + verb);
            }
            Instant now = clock.instant();
            change.apply(versions, target, now);
            store.bumpEpoch();
            PolicyVersion updated = store.find(key, version).orElseThrow();
            audit.record(caller, "POLICY_" + action.name(), subject(key, version), detail(target, updated));
            return updated;
        });
        book.reload();
        log.info("policy {} v{}: {} by {} (now {}, rollout {}%)", key, version, action, caller.actor(), after.status(),
                after.rollout().percent());
        return after;
    }

    private static Optional<PolicyVersion> active(List<PolicyVersion> versions) {
        return versions.stream().filter(v -> v.status() == PolicyVersionStatus.ACTIVE).findFirst();
    }

    private static void requireActive(List<PolicyVersion> versions, String key, String what) {
        if (active(versions).isEmpty()) {
            throw refused(key + " has no active version to compare against; promote a version first, then "
                    + what + " the next");
        }
    }

    private String detail(PolicyVersion before, PolicyVersion after) {
        var detail = new LinkedHashMap<String, Object>();
        detail.put("before", before == null ? null : state(before));
        detail.put("after", state(after));
        return json.writeValueAsString(detail);
    }

    private static Map<String, Object> state(PolicyVersion version) {
        var state = new LinkedHashMap<String, Object>();
        state.put("status", version.status().name());
        state.put("expression", version.expression());
        state.put("percent", version.rollout().percent());
        state.put("shops", version.rollout().shops());
        state.put("buyers", version.rollout().buyers());
        return state;
    }

    private static String subject(String key, int version) {
        return "policy:" + key + "@" + version;
    }

    static ApiProblem invalid(PolicyCompilation.Rejected rejected) {
        var first = rejected.errors().getFirst();
        return new ApiProblem(ProblemType.POLICY_INVALID, "Line " + first.line() + ", column " + first.column() + ": "
                + first.message(), Map.of("errors", rejected.errors().stream()
                        .map(e -> Map.of("line", e.line(), "column", e.column(), "message", e.message())).toList()));
    }

    static ApiProblem notFound(String key, int version) {
        return new ApiProblem(ProblemType.POLICY_NOT_FOUND, "Policy " + key + " has no version " + version + ".");
    }

    private static ApiProblem refused(String why) {
        return new ApiProblem(ProblemType.POLICY_TRANSITION_REFUSED, why + ".");
    }
}
