package io.miaotui.shop;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** A positive time window per channel (48 hours unless configured): how long after an event something is due. */
public final class ChannelWindows {
    public static final Duration DEFAULT = Duration.ofHours(48);

    private final Map<Channel, Duration> byChannel = new EnumMap<>(Channel.class);

    /** {@code what} names the window in the error for a non-positive one ("the review window of TMALL ..."). */
    public ChannelWindows(String what, Map<Channel, Duration> windows) {
        for (Channel channel : Channel.values()) {
            Duration window = windows.getOrDefault(channel, DEFAULT);
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("the " + what + " window of " + channel + " must be positive");
            }
            byChannel.put(channel, window);
        }
    }

    /** When the channel's window, started at {@code start}, ends. */
    public Instant after(Channel channel, Instant start) {
        return start.plus(byChannel.get(channel));
    }
}
