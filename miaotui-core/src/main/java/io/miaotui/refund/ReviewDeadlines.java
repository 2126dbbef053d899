package io.miaotui.refund;

import io.miaotui.shop.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** How long a merchant has to decide a refund that waits for review, per channel (default 48 hours). */
public final class ReviewDeadlines {
    public static final Duration DEFAULT = Duration.ofHours(48);

    private final Map<Channel, Duration> byChannel;

    public ReviewDeadlines(Map<Channel, Duration> byChannel) {
        this.byChannel = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            Duration window = byChannel.getOrDefault(channel, DEFAULT);
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("the review window of " + channel + " must be positive");
            }
            this.byChannel.put(channel, window);
        }
    }

    public static ReviewDeadlines defaults() {
        return new ReviewDeadlines(Map.of());
    }

    public Instant deadlineFor(Channel channel, Instant requestedAt) {
        return requestedAt.plus(byChannel.get(channel));
    }
}
