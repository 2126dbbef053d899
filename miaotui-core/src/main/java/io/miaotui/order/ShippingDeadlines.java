package io.miaotui.order;

import io.miaotui.shop.Channel;
import io.miaotui.shop.ChannelWindows;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** When a paid line must ship by: the order's own {@code shipBy}, else a per-channel window after payment (48 h). */
public final class ShippingDeadlines {
    public static final Duration DEFAULT = ChannelWindows.DEFAULT;

    private final ChannelWindows windows;

    public ShippingDeadlines(Map<Channel, Duration> windows) {
        this.windows = new ChannelWindows("shipping", windows);
    }

    public Instant shipBy(Channel channel, Instant paidAt, Optional<Instant> requested) {
        return requested.orElseGet(() -> windows.after(channel, paidAt));
    }
}
