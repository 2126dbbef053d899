package io.miaotui.server.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The payment gateway: {@code miaotui.gateway.url} names an Alipay-style refund API (such as miaotui-gateway-sim);
 * without it the in-process simulator pays. Timeouts are short because an unanswered call is not a failure:
 * the payout is asked about (queried) and retried later. The simulator remembers its last
 * {@code simulatorRememberedPayouts} payouts, so its books stay bounded under a storm.
 */
@ConfigurationProperties("miaotui.gateway")
public record GatewayProperties(
        String url,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("2s") Duration requestTimeout,
        @DefaultValue("100000") int simulatorRememberedPayouts) {
}
