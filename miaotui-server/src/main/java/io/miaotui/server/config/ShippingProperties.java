package io.miaotui.server.config;

import io.miaotui.shop.Channel;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code miaotui.shipping.window.TAOBAO=48h}: how long after payment a line must ship, unless its order says. */
@ConfigurationProperties("miaotui.shipping")
public record ShippingProperties(Map<Channel, Duration> window) {
    public ShippingProperties {
        window = window == null ? Map.of() : Map.copyOf(window);
    }
}
