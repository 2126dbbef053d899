package io.miaotui.server.payout;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.miaotui.payout.PaymentGateway;
import io.miaotui.server.gateway.GatewayProperties;
import io.miaotui.server.gateway.HttpPaymentGateway;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The payment gateway: the HTTP adapter when {@code miaotui.gateway.url} is set, else the in-process simulator
 * (the quick start's default, which needs nothing else running).
 */
@Configuration(proxyBeanMethods = false)
public class PayoutConfiguration {

    @Bean
    @ConditionalOnProperty("miaotui.gateway.url")
    HttpPaymentGateway httpPaymentGateway(GatewayProperties properties, MeterRegistry meters, Clock clock) {
        return new HttpPaymentGateway(properties, meters, clock);
    }

    @Bean
    @ConditionalOnMissingBean(PaymentGateway.class)
    SimulatedPaymentGateway simulatedPaymentGateway(GatewayProperties properties, MeterRegistry meters, Clock clock) {
        var gateway = new SimulatedPaymentGateway(clock, properties.simulatorRememberedPayouts());
        Gauge.builder("miaotui.gateway.simulator.remembered", gateway, SimulatedPaymentGateway::rememberedPayouts)
                .description("Payouts the in-process gateway simulator remembers (bounded; the oldest are forgotten)")
                .register(meters);
        return gateway;
    }
}
