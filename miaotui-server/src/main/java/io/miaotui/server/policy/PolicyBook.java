package io.miaotui.server.policy;

import io.miaotui.policy.PolicyDecider;
import io.miaotui.policy.PolicyRuling;
import io.miaotui.policy.PolicyVersionStatus;
import io.miaotui.policy.RefundContext;
import io.miaotui.policy.cel.CelPolicyCompiler;
import io.miaotui.policy.cel.CompiledPolicy;
import io.miaotui.policy.cel.PolicyCompilation;
import io.miaotui.policy.cel.PolicyDecision;
import io.miaotui.policy.cel.PolicyFacts;
import io.miaotui.policy.cel.Rollout;
import io.miaotui.shop.Channel;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The policies in force, compiled, in this instance's memory: for each channel its policy key, for each key the
 * ACTIVE version and any CANDIDATE with its rollout. A decision reads one immutable snapshot; changes (here or on
 * another instance) bump an epoch in the database and every instance swaps in a new snapshot within a second.
 */
@Component
public class PolicyBook implements PolicyDecider {
    private static final Logger log = LoggerFactory.getLogger(PolicyBook.class);

    record Serving(int version, CompiledPolicy policy, Rollout rollout) {
    }

    record KeyState(Serving active, Optional<Serving> candidate) {
    }

    record Snapshot(long epoch, Map<Channel, String> routing, Map<String, KeyState> keys,
            Map<String, CompiledPolicy> compiled) {
    }

    private final PolicyStore store;
    private final CelPolicyCompiler compiler;
    private final MeterRegistry meters;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    /** What a stored version that no longer compiles serves as: every refund to review. */
    private final CompiledPolicy reviewAll;

    public PolicyBook(PolicyStore store, CelPolicyCompiler compiler, PolicyRoutingProperties configured, Clock clock,
            MeterRegistry meters) {
        this.store = store;
        this.compiler = compiler;
        this.meters = meters;
        this.reviewAll = switch (compiler.compile("false")) {
            case PolicyCompilation.Compiled c -> c.policy();
            case PolicyCompilation.Rejected r -> throw new IllegalStateException("cannot compile false: " + r.errors());
        };
        if (store.seedRouting(configured.routing(), clock.instant())) {
            store.bumpEpoch();
            log.info("policy routing seeded from configuration: {}", configured.routing());
        }
        reload();
        meters.gauge("miaotui.policy.epoch", current, ref -> ref.get().epoch());
    }

    @Override
    public PolicyRuling decide(RefundContext context) {
        Snapshot snapshot = current.get();
        String key = snapshot.routing().get(context.shop().channel());
        KeyState state = snapshot.keys().get(key);
        PolicyFacts facts = Facts.of(context);
        if (state.candidate().isEmpty()) {
            PolicyDecision decision = state.active().policy().decide(facts);
            return new PolicyRuling(decision.instant(), key, state.active().version(), decision.explanation(),
                    OptionalInt.empty(), Optional.empty());
        }
        Serving candidate = state.candidate().get();
        String buyer = context.buyerId().value();
        int bucket = Rollout.bucket(buyer, key);
        boolean covered = candidate.rollout().covers(bucket, buyer, context.shop().id().value());
        Serving deciding = covered ? candidate : state.active();
        Serving shadow = covered ? state.active() : candidate;
        PolicyDecision decision = deciding.policy().decide(facts);
        boolean shadowInstant = shadow.policy().instant(facts);
        meters.counter("miaotui.policy.gray_decisions", "policy", key, "served", covered ? "candidate" : "active",
                "agree", Boolean.toString(decision.instant() == shadowInstant)).increment();
        return new PolicyRuling(decision.instant(), key, deciding.version(), decision.explanation(),
                OptionalInt.of(bucket), Optional.of(new PolicyRuling.Shadow(shadow.version(),
                        shadowInstant)));
    }

    /** The routing in force. */
    public Map<Channel, String> routing() {
        return current.get().routing();
    }

    /** Reloads when another instance (or this one) changed a policy or the routing. */
    @Scheduled(fixedDelayString = "${miaotui.policy.reload-interval:1s}")
    public void refresh() {
        try {
            if (store.epoch() != current.get().epoch()) {
                reload();
            }
        } catch (RuntimeException e) {
            log.warn("policy reload failed; the policies in force stay as they were: {}", e.toString());
        }
    }

    /** Reads the serving versions and the routing, compiling only versions not compiled before. */
    public synchronized void reload() {
        long epoch = store.epoch();
        Snapshot previous = current.get();
        Map<String, CompiledPolicy> compiled = new HashMap<>();
        Map<String, Serving> active = new HashMap<>();
        Map<String, Serving> candidates = new HashMap<>();
        for (PolicyVersion version : store.serving()) {
            String id = version.key() + "@" + version.version();
            CompiledPolicy policy = previous != null && previous.compiled().containsKey(id)
                    ? previous.compiled().get(id) : compile(version);
            compiled.put(id, policy);
            var serving = new Serving(version.version(), policy, version.rollout());
            (version.status() == PolicyVersionStatus.ACTIVE ? active : candidates).put(version.key(), serving);
        }
        Map<String, KeyState> keys = new HashMap<>();
        active.forEach((key, serving) -> keys.put(key, new KeyState(serving, Optional.ofNullable(candidates.get(key)))));
        Map<Channel, String> routing = store.routing();
        for (Channel channel : Channel.values()) {
            String key = routing.get(channel);
            if (key == null || !keys.containsKey(key)) {
                throw new IllegalStateException("channel " + channel + " is routed to '" + key
                        + "', which has no active version");
            }
        }
        current.set(new Snapshot(epoch, Map.copyOf(routing), Map.copyOf(keys), Map.copyOf(compiled)));
        log.info("policies loaded (epoch {}): routing {}, {} keys, {} in gray release", epoch, routing, keys.size(),
                candidates.size());
    }

    /**
     * A stored version compiled again. One that no longer compiles (written before a limit it breaks) serves as
     * "every refund to review" rather than keeping the service from starting or from loading later changes: the
     * money stays in escrow and the merchant decides, and the log says which version to replace.
     */
    private CompiledPolicy compile(PolicyVersion version) {
        return switch (compiler.compile(version.expression())) {
            case PolicyCompilation.Compiled c -> c.policy();
            case PolicyCompilation.Rejected r -> {
                log.error("stored policy {} v{} no longer compiles ({}); it sends every refund to review until"
                        + " replaced", version.key(), version.version(), r.errors());
                yield reviewAll;
            }
        };
    }
}
