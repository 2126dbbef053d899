package io.miaotui.server.refund;

import io.miaotui.shop.Channel;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Merchant review: how long a merchant has per channel ({@code miaotui.review.window.TAOBAO=48h}; default 48
 * hours), how often overdue reviews are looked for, and how many one pass approves per transaction.
 */
@ConfigurationProperties("miaotui.review")
public record ReviewProperties(
        Map<Channel, Duration> window,
        @DefaultValue("10s") Duration sweepInterval,
        @DefaultValue("200") int sweepBatch) {

    public ReviewProperties {
        window = window == null ? Map.of() : Map.copyOf(window);
        if (sweepBatch < 1 || sweepBatch > 1000) {
            throw new IllegalArgumentException("miaotui.review.sweep-batch must be 1..1000");
        }
    }
}
