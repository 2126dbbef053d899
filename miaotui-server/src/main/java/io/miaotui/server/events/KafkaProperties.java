package io.miaotui.server.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kafka, off unless {@code bootstrapServers} is set ({@code MIAOTUI_KAFKA_BOOTSTRAP_SERVERS}): where order events
 * come in, where the ones that cannot be applied go with their reason, where refund events go out, and the relay's
 * limits. {@code source} is the CloudEvents source of the events this deployment publishes.
 */
@ConfigurationProperties("miaotui.kafka")
public record KafkaProperties(
        @DefaultValue("") String bootstrapServers,
        @DefaultValue("miaotui.order-events") String ordersTopic,
        @DefaultValue("miaotui.order-events.dead-letter") String deadLetterTopic,
        @DefaultValue("miaotui.refund-events") String refundEventsTopic,
        @DefaultValue("miaotui") String groupId,
        @DefaultValue("/miaotui") String source,
        @DefaultValue("500") int relayBatchSize,
        @DefaultValue("100ms") Duration relayPollInterval,
        @DefaultValue("30s") Duration sendTimeout) {

    public KafkaProperties {
        if (relayBatchSize < 1 || relayBatchSize > 5000) {
            throw new IllegalArgumentException("miaotui.kafka.relay-batch-size must be 1..5000");
        }
        if (sendTimeout.compareTo(Duration.ofSeconds(12)) < 0 || sendTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            // the producer's delivery timeout is this less 1 s, and must cover its 10 s request timeout
            throw new IllegalArgumentException("miaotui.kafka.send-timeout must be 12s..10m");
        }
    }

    public boolean enabled() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }
}
