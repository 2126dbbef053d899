package io.miaotui.server.config;

import io.miaotui.ids.TimeOrderedIds;
import io.miaotui.policy.DefaultPolicies;
import io.miaotui.policy.PolicyRouting;
import io.miaotui.order.ShippingDeadlines;
import io.miaotui.refund.RefundDesk;
import io.miaotui.refund.ReviewDeadlines;
import io.miaotui.server.refund.ReviewProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wires the plain-Java domain: one clock, one id source, the policy routing from configuration. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class DomainConfiguration {

    /** Ticks in microseconds, PostgreSQL's timestamp precision, so a refund reads back exactly as it was answered. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    @Bean
    TimeOrderedIds timeOrderedIds(Clock clock) {
        return new TimeOrderedIds(clock);
    }

    @Bean
    PolicyRouting policyRouting(PolicyRoutingProperties properties) {
        return PolicyRouting.of(properties.routing(), DefaultPolicies.all());
    }

    @Bean
    ShippingDeadlines shippingDeadlines(ShippingProperties shipping) {
        return new ShippingDeadlines(shipping.window());
    }

    @Bean
    RefundDesk refundDesk(PolicyRouting routing, ReviewProperties review) {
        return new RefundDesk(routing, new ReviewDeadlines(review.window()));
    }
}
