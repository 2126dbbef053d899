package io.miaotui.server.config;

import io.miaotui.ids.TimeOrderedIds;
import io.miaotui.order.ShippingDeadlines;
import io.miaotui.policy.cel.CelPolicyCompiler;
import io.miaotui.refund.RefundDesk;
import io.miaotui.refund.ReviewDeadlines;
import io.miaotui.server.policy.PolicyBook;
import io.miaotui.server.refund.ReviewProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wires the plain-Java domain: one clock, one id source, the refund desk deciding by the policies in force. */
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

    /** One CEL compiler for the process, warmed at start so the first policy change does not pay for it. */
    @Bean
    CelPolicyCompiler celPolicyCompiler() {
        return new CelPolicyCompiler();
    }

    @Bean
    ShippingDeadlines shippingDeadlines(ShippingProperties shipping) {
        return new ShippingDeadlines(shipping.window());
    }

    @Bean
    RefundDesk refundDesk(PolicyBook policies, ReviewProperties review) {
        return new RefundDesk(policies, new ReviewDeadlines(review.window()));
    }
}
