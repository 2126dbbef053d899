package io.miaotui.policy;

import io.miaotui.shop.Channel;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Which policy governs each channel's refunds. Built once from configuration and checked: every channel routed, every key known. */
public final class PolicyRouting implements PolicyDecider {
    private final Map<Channel, RefundPolicy> byChannel;

    private PolicyRouting(Map<Channel, RefundPolicy> byChannel) {
        this.byChannel = byChannel;
    }

    /** The default routing: each channel to its current rule. */
    public static PolicyRouting defaults() {
        return of(Map.of(Channel.TMALL, DefaultPolicies.TMALL_UNSHIPPED, Channel.TAOBAO, DefaultPolicies.TAOBAO_UNSHIPPED),
                DefaultPolicies.all());
    }

    /** Routes each channel to the policy with the named key; {@link IllegalArgumentException} on a gap or unknown key. */
    public static PolicyRouting of(Map<Channel, String> keys, List<RefundPolicy> policies) {
        Map<String, RefundPolicy> known = policies.stream()
                .collect(Collectors.toMap(RefundPolicy::key, p -> p, (a, b) -> {
                    throw new IllegalArgumentException("two policies share the key '" + a.key() + "'");
                }));
        var byChannel = new EnumMap<Channel, RefundPolicy>(Channel.class);
        for (Channel channel : Channel.values()) {
            String key = keys.get(channel);
            if (key == null) {
                throw new IllegalArgumentException("no policy routed for channel " + channel);
            }
            RefundPolicy policy = known.get(key);
            if (policy == null) {
                throw new IllegalArgumentException("channel " + channel + " is routed to unknown policy '" + key
                        + "' (known: " + known.keySet() + ")");
            }
            byChannel.put(channel, policy);
        }
        return new PolicyRouting(byChannel);
    }

    public RefundPolicy policyFor(Channel channel) {
        return byChannel.get(channel);
    }

    @Override
    public PolicyRuling decide(RefundContext context) {
        RefundPolicy policy = policyFor(context.shop().channel());
        return PolicyRuling.of(policy, policy.evaluate(context));
    }
}
