package io.miaotui.server.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * One real Kafka broker (KRaft, in this JVM) on a fixed free port, so it can be stopped and started again under the
 * same address; the service's three topics with 4 partitions each; a producer of CloudEvents and a reader of topics.
 */
public final class KafkaBroker implements AutoCloseable {
    public static final String ORDERS = "miaotui.order-events";
    public static final String DEAD_LETTERS = "miaotui.order-events.dead-letter";
    public static final String REFUND_EVENTS = "miaotui.refund-events";
    public static final int PARTITIONS = 4;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EmbeddedKafkaKraftBroker broker;
    private final KafkaProducer<String, byte[]> producer;

    private KafkaBroker(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    public static KafkaBroker start() {
        var broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.kafkaPorts(JarServers.freePort());
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.afterPropertiesSet();
        broker.addTopics(new NewTopic(ORDERS, PARTITIONS, (short) 1), new NewTopic(DEAD_LETTERS, PARTITIONS, (short) 1),
                new NewTopic(REFUND_EVENTS, PARTITIONS, (short) 1));
        return new KafkaBroker(broker);
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    /** Stops the broker (its controller stays up) and starts it again on the same port and log directory. */
    public void stopBroker() {
        broker.getCluster().brokers().values().forEach(b -> b.shutdown());
        broker.getCluster().brokers().values().forEach(b -> b.awaitShutdown());
    }

    public void startBroker() {
        broker.getCluster().brokers().values().forEach(b -> b.startup());
    }

    /** A CloudEvent in structured JSON mode, with a fresh id unless one is given. */
    public static String event(String id, String type, Map<String, Object> data) {
        return JSON.writeValueAsString(Map.of("specversion", "1.0", "id", id == null ? UUID.randomUUID().toString() : id,
                "source", "/order-system", "type", type, "time", Instant.now().toString(),
                "datacontenttype", "application/json", "data", data));
    }

    /** Sends to the order events topic keyed by order id and waits for the broker. Only while the broker is up. */
    public void send(String orderId, String value) {
        try {
            producer.send(new ProducerRecord<>(ORDERS, orderId, value.getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send to the test broker", e);
        }
    }

    /** One record as read: key, value as text, the headers as text. */
    public record Read(String key, String value, Map<String, String> headers, int partition, long offset) {
        @SuppressWarnings("unchecked")
        public Map<String, Object> json() {
            return JSON.readValue(value, Map.class);
        }
    }

    /** Every record of {@code topic} from the beginning, read until {@code done} holds (or {@code within} passes). */
    public List<Read> readUntil(String topic, Predicate<List<Read>> done, Duration within) {
        var seen = new CopyOnWriteArrayList<Read>();
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false))) {
            var partitions = new ArrayList<TopicPartition>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long end = System.nanoTime() + within.toNanos();
            while (!done.test(seen) && System.nanoTime() < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new java.util.LinkedHashMap<>();
                    r.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
                    seen.add(new Read(r.key(), r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8),
                            headers, r.partition(), r.offset()));
                }
            }
        }
        return List.copyOf(seen);
    }

    /** The refund events read so far, by type (for messages). */
    public static String types(List<Read> reads) {
        return reads.stream().collect(Collectors.groupingBy(r -> String.valueOf(r.json().get("type")),
                java.util.TreeMap::new, Collectors.counting())).toString();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
        broker.destroy();
    }
}
