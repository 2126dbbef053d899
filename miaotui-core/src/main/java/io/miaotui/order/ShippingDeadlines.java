package io.miaotui.order;

import io.miaotui.shop.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** When a paid line must ship by: the order's own {@code shipBy}, else a per-channel window after payment (48 h). */
public final class ShippingDeadlines {
    public static final Duration DEFAULT = Duration.ofHours(48);

    private final Map<Channel, Duration> byChannel = new EnumMap<>(Channel.class);

    public ShippingDeadlines(Map<Channel, Duration> windows) {
        for (Channel channel : Channel.values()) {
            Duration window = windows.getOrDefault(channel, DEFAULT);
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("the shipping window of " + channel + " must be positive");
            }
            byChannel.put(channel, window);
        }
    }

    public Instant shipBy(Channel channel, Instant paidAt, Optional<Instant> requested) {
        return requested.orElseGet(() -> paidAt.plus(byChannel.get(channel)));
    }
}
