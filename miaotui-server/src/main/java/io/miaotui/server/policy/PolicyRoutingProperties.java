package io.miaotui.server.policy;

import io.miaotui.shop.Channel;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code miaotui.policy.routing.TAOBAO=taobao-unshipped}: the policy key that governs each channel. */
@ConfigurationProperties("miaotui.policy")
public record PolicyRoutingProperties(Map<Channel, String> routing) {
    public PolicyRoutingProperties {
        routing = routing == null ? Map.of() : Map.copyOf(routing);
    }
}
