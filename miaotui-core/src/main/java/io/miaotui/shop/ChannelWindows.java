package io.miaotui.shop;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * A positive time window per channel (48 hours unless configured): how long after an event something is due.
 * At most a year: deadlines are instants accepted from requests plus a window, and must stay inside what the
 * database and the policies' timestamps hold.
 */
public final class ChannelWindows {
    public static final Duration DEFAULT = Duration.ofHours(48);
    public static final Duration LONGEST = Duration.ofDays(365);

    private final Map<Channel, Duration> byChannel = new EnumMap<>(Channel.class);

    /** {@code what} names the window in the error for a non-positive one ("the review window of TMALL ..."). */
    public ChannelWindows(String what, Map<Channel, Duration> windows) {
        for (Channel channel : Channel.values()) {
            Duration window = windows.getOrDefault(channel, DEFAULT);
            if (window.isNegative() || window.isZero() || window.compareTo(LONGEST) > 0) {
                throw new IllegalArgumentException("the " + what + " window of " + channel
                        + " must be positive and at most " + LONGEST.toDays() + " days");
            }
            byChannel.put(channel, window);
        }
    }

    /** When the channel's window, started at {@code start}, ends. */
    public Instant after(Channel channel, Instant start) {
        return start.plus(byChannel.get(channel));
    }
}
