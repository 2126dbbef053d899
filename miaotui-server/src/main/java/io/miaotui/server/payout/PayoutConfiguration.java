package io.miaotui.server.payout;

import io.miaotui.payout.PaymentGateway;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The in-process simulated gateway, unless another {@link PaymentGateway} is configured. */
@Configuration(proxyBeanMethods = false)
public class PayoutConfiguration {

    @Bean
    @ConditionalOnMissingBean(PaymentGateway.class)
    SimulatedPaymentGateway simulatedPaymentGateway(Clock clock) {
        return new SimulatedPaymentGateway(clock);
    }
}
