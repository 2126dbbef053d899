package io.miaotui.refund;

import io.miaotui.shop.Channel;
import io.miaotui.shop.ChannelWindows;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** How long a merchant has to decide a refund that waits for review, per channel (default 48 hours). */
public final class ReviewDeadlines {
    public static final Duration DEFAULT = ChannelWindows.DEFAULT;

    private final ChannelWindows windows;

    public ReviewDeadlines(Map<Channel, Duration> byChannel) {
        this.windows = new ChannelWindows("review", byChannel);
    }

    public static ReviewDeadlines defaults() {
        return new ReviewDeadlines(Map.of());
    }

    public Instant deadlineFor(Channel channel, Instant requestedAt) {
        return windows.after(channel, requestedAt);
    }
}
