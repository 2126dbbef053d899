package io.miaotui.server.events;

import io.miaotui.server.order.OrderRegistration;
import io.miaotui.server.order.ReceiptConfirmation;
import io.miaotui.server.order.ShipmentDesk;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka in and out, only when {@code miaotui.kafka.bootstrap-servers} ({@code MIAOTUI_KAFKA_BOOTSTRAP_SERVERS}) is
 * set: the quick start runs without a broker. Both clients name the instance, so the broker's view and this
 * service's metrics ({@code instance} tag) tell the instances apart.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${miaotui.kafka.bootstrap-servers:}'.isBlank()")
public class KafkaConfiguration {

    /** An idempotent producer that waits for every in-sync replica: no loss, no duplicate from its own retries. */
    static Producer<String, byte[]> producer(KafkaProperties properties, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5); // idempotence keeps order up to 5
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) properties.sendTimeout().toMillis() - 1_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    EventRelay eventRelay(EventOutbox outbox, TransactionTemplate transaction, JsonMapper json,
            KafkaProperties properties, MeterRegistry meters, @Value("${miaotui.instance-id}") String instance) {
        return new EventRelay(outbox, producer(properties, "miaotui-relay-" + instance), transaction, json, properties,
                meters);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    OrderEventController orderEventController(KafkaProperties properties, TransactionTemplate transaction,
            InboundEvents inbound, OrderRegistration registration, ShipmentDesk shipments,
            ReceiptConfirmation receipts, JsonMapper json, Clock clock, MeterRegistry meters,
            @Value("${miaotui.instance-id}") String instance) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "miaotui-orders-" + instance);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new OrderEventController(new KafkaConsumer<>(config),
                producer(properties, "miaotui-dead-letters-" + instance), properties, transaction, inbound,
                registration, shipments, receipts, json, clock, meters);
    }
}
