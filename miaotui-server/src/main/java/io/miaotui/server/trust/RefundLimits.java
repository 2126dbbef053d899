package io.miaotui.server.trust;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many refund requests one buyer may send: a bucket of {@code burst} that refills at {@code perMinute}.
 * The default lets a buyer undo a mistaken 30-line cart at once, and stops a script refunding in a loop.
 */
@ConfigurationProperties("miaotui.limits.refunds")
public record RefundLimits(@DefaultValue("60") int perMinute, @DefaultValue("30") int burst) {
    public RefundLimits {
        if (perMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("miaotui.limits.refunds: per-minute and burst must be at least 1");
        }
    }
}
