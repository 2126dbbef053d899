package io.miaotui.server.events;

import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import io.miaotui.server.order.OrderController;
import io.miaotui.server.order.OrderRegistration;
import io.miaotui.server.order.ReceiptAnswer;
import io.miaotui.server.order.ReceiptConfirmation;
import io.miaotui.server.order.RegistrationAnswer;
import io.miaotui.server.order.ShipmentAnswer;
import io.miaotui.server.order.ShipmentDesk;
import io.miaotui.server.trust.Caller;
import io.miaotui.server.trust.Role;
import io.miaotui.server.web.ApiProblem;
import io.miaotui.server.web.FieldViolation;
import io.miaotui.server.web.RequestCheck;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka side of {@link OrderController}: order events ({@code OrderPaid}, {@code LineShipped},
 * {@code OrderReceiptConfirmed}, CloudEvents in structured JSON, keyed by order id) checked with the same field
 * rules and applied by the same services, as the order system ({@code ORDER_SYSTEM:kafka} in the audit log).
 *
 * <p>Each event is applied in one transaction that first claims its id in {@code inbound_events}, so a
 * redelivery (a restart before the offset commit, a rebalance, the producer's retry) finds the id taken and
 * changes nothing. An event that cannot be applied (not an event, invalid fields, an unknown shop, a shipment
 * intercepted by a refund...) goes to the dead-letter topic with its reason, and the partition moves on. When
 * the database cannot be reached, nothing is the event's fault: it is tried again, after a pause, from the same
 * offset. Offsets are committed after the events before them were applied (at least once; the id makes it once).
 */
public class OrderEventController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OrderEventController.class);
    /** Unexpected failures of one event (not the database being away) before it is dead-lettered. */
    static final int ATTEMPTS = 3;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration DATABASE_AWAY_PAUSE = Duration.ofSeconds(1);
    private static final Caller KAFKA = new Caller(Role.ORDER_SYSTEM, "kafka", Optional.empty());

    public static final String REASON_HEADER = "miaotui-dead-letter-reason";

    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> deadLetters;
    private final KafkaProperties properties;
    private final TransactionTemplate transaction;
    private final InboundEvents inbound;
    private final OrderRegistration registration;
    private final ShipmentDesk shipments;
    private final ReceiptConfirmation receipts;
    private final JsonMapper json;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Thread thread;
    private final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    private volatile boolean running = true;

    OrderEventController(Consumer<String, byte[]> consumer, Producer<String, byte[]> deadLetters,
            KafkaProperties properties, TransactionTemplate transaction, InboundEvents inbound,
            OrderRegistration registration, ShipmentDesk shipments, ReceiptConfirmation receipts, JsonMapper json,
            Clock clock, MeterRegistry meters) {
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.properties = properties;
        this.transaction = transaction;
        this.inbound = inbound;
        this.registration = registration;
        this.shipments = shipments;
        this.receipts = receipts;
        this.json = json;
        this.clock = clock;
        this.meters = meters;
        this.thread = Thread.ofPlatform().name("order-events").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** What became of one event. */
    enum Outcome { APPLIED, DUPLICATE, DEAD_LETTERED }

    /** The event cannot be applied; why, for the dead-letter topic. */
    private record Refused(String reason) {
    }

    private static final class RefusedException extends RuntimeException {
        final String reason;

        RefusedException(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }
    }

    private void run() {
        consumer.subscribe(List.of(properties.ordersTopic()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commitDone(); // what was applied is not handed to the next owner to apply again (it would be a no-op)
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        });
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                for (TopicPartition partition : records.partitions()) {
                    for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                        if (!running) {
                            break;
                        }
                        if (!handle(record)) {
                            consumer.seek(partition, record.offset()); // the database is away: this event again
                            break;
                        }
                        done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    }
                }
                commitDone();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("order events: consumer stopped", e);
        } finally {
            try {
                commitDone();
            } catch (RuntimeException e) {
                log.warn("order events: last offset commit failed (the events will be seen again, and skipped): {}",
                        e.toString());
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void commitDone() {
        if (!done.isEmpty()) {
            consumer.commitSync(Map.copyOf(done));
            done.clear();
        }
    }

    /** Applies or dead-letters one event; false when the database is away and the event must be tried again. */
    boolean handle(ConsumerRecord<String, byte[]> record) {
        for (int attempt = 1; ; attempt++) {
            try {
                Outcome outcome = apply(record);
                meters.counter("miaotui.events.consumed", "outcome", outcome.name().toLowerCase()).increment();
                return true;
            } catch (TransientDataAccessException | DataAccessResourceFailureException
                    | CannotCreateTransactionException e) {
                meters.counter("miaotui.events.consumed", "outcome", "retried").increment();
                log.warn("order events: {} at {}-{}@{} not applied, database unavailable; trying again: {}",
                        record.key(), record.topic(), record.partition(), record.offset(), e.toString());
                Pause.quietly(DATABASE_AWAY_PAUSE);
                return false;
            } catch (RuntimeException e) {
                if (attempt < ATTEMPTS) {
                    continue;
                }
                log.error("order events: {} at {}-{}@{} failed {} times", record.key(), record.topic(),
                        record.partition(), record.offset(), ATTEMPTS, e);
                try {
                    deadLetter(record, "failed " + ATTEMPTS + " times: " + e);
                } catch (RuntimeException dlt) {
                    log.warn("order events: dead-letter topic unavailable; trying the event again: {}", dlt.toString());
                    Pause.quietly(DATABASE_AWAY_PAUSE);
                    return false;
                }
                meters.counter("miaotui.events.consumed", "outcome", "dead_lettered").increment();
                return true;
            }
        }
    }

    private Outcome apply(ConsumerRecord<String, byte[]> record) {
        CloudEvents.Inbound event;
        try {
            event = CloudEvents.read(json, record.value());
        } catch (CloudEvents.Unreadable e) {
            return deadLetter(record, e.getMessage());
        }
        Applying applying;
        try {
            applying = prepare(event);
        } catch (ApiProblem problem) {
            return deadLetter(record, event, "invalid: " + invalidFields(problem));
        } catch (RefusedException refused) {
            return deadLetter(record, event, refused.reason);
        } catch (RuntimeException e) {
            return deadLetter(record, event, "unreadable data: " + CloudEvents.firstLine(e.getMessage()));
        }
        Object result = transaction.execute(status -> {
            if (!inbound.claim(event.id(), event.type(), applying.orderId(), clock.instant())) {
                return Outcome.DUPLICATE;
            }
            Optional<Refused> refused = applying.work().get();
            if (refused.isPresent()) {
                status.setRollbackOnly(); // nothing of it stays, the id neither: a corrected resend may pass
                return refused.get();
            }
            return Outcome.APPLIED;
        });
        if (result instanceof Refused refused) {
            return deadLetter(record, event, refused.reason());
        }
        Outcome outcome = (Outcome) result;
        if (outcome == Outcome.APPLIED) {
            log.info("order events: {} {} applied for order {}", event.type(), event.id(), applying.orderId());
        } else {
            log.info("order events: {} {} for order {} was applied before; skipped", event.type(), event.id(),
                    applying.orderId());
        }
        return outcome;
    }

    /** A checked event: its order and the work of applying it (in the claiming transaction). */
    private record Applying(String orderId, java.util.function.Supplier<Optional<Refused>> work) {
    }

    private Applying prepare(CloudEvents.Inbound event) {
        return switch (event.type()) {
            case "OrderPaid" -> {
                OrderController.Parsed parsed = OrderController.parse(
                        json.treeToValue(event.data(), OrderController.OrderBody.class));
                String fingerprint = parsed.fingerprint();
                yield new Applying(parsed.order().id().value(), () -> switch (registration.register(parsed.order(),
                        parsed.shipBy(), parsed.creditLevel(), fingerprint, KAFKA)) {
                    case RegistrationAnswer.Registered r -> Optional.empty();
                    case RegistrationAnswer.UnknownShop u -> Optional.of(new Refused("unknown-shop: shop "
                            + u.shopId() + " is not registered"));
                    case RegistrationAnswer.Conflict c -> Optional.of(new Refused("order-conflict: order "
                            + c.orderId() + " is already registered with different content"));
                });
            }
            case "LineShipped" -> {
                var check = new RequestCheck();
                String order = check.id("orderId", text(event.data(), "orderId"));
                String line = check.id("lineId", text(event.data(), "lineId"));
                String carrier = check.id("carrier", text(event.data(), "carrier"));
                String trackingNo = check.id("trackingNo", text(event.data(), "trackingNo"));
                check.throwIfInvalid();
                yield new Applying(order, () -> switch (shipments.ship(new OrderId(order), new LineId(line), carrier,
                        trackingNo, KAFKA)) {
                    case ShipmentAnswer.Shipped s -> Optional.empty();
                    case ShipmentAnswer.ShippedDifferently d -> Optional.of(new Refused("already-shipped: line "
                            + line + " of order " + order + " already shipped as " + d.existing().carrier() + " "
                            + d.existing().trackingNo()));
                    case ShipmentAnswer.Intercepted i -> Optional.of(new Refused("refund-in-progress: line " + line
                            + " of order " + order + " is " + i.status() + ", do not ship it"));
                    case ShipmentAnswer.LineNotFound n -> Optional.of(new Refused("line-not-found: order " + order
                            + " has no line " + line));
                });
            }
            case "OrderReceiptConfirmed" -> {
                var check = new RequestCheck();
                String order = check.id("orderId", text(event.data(), "orderId"));
                check.throwIfInvalid();
                yield new Applying(order, () -> switch (receipts.confirm(new OrderId(order), KAFKA)) {
                    case ReceiptAnswer.Confirmed c -> Optional.empty();
                    case ReceiptAnswer.OrderNotFound n -> Optional.of(new Refused("order-not-found: no order "
                            + order));
                });
            }
            default -> throw new RefusedException("unknown event type '" + event.type()
                    + "' (known: OrderPaid, LineShipped, OrderReceiptConfirmed)");
        };
    }

    /** The fields a 422 would name, as {@code field message; field message}. */
    private static String invalidFields(ApiProblem problem) {
        Object errors = problem.toProblemDetail().getProperties() == null ? null
                : problem.toProblemDetail().getProperties().get("errors");
        if (!(errors instanceof List<?> list) || list.isEmpty()) {
            return problem.getMessage();
        }
        return list.stream().map(e -> e instanceof FieldViolation v ? v.field() + " " + v.message() : String.valueOf(e))
                .collect(java.util.stream.Collectors.joining("; "));
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || !value.isString() ? null : value.asString();
    }

    private Outcome deadLetter(ConsumerRecord<String, byte[]> record, CloudEvents.Inbound event, String reason) {
        log.warn("order events: {} {} dead-lettered: {}", event.type(), event.id(), reason);
        return deadLetter(record, reason);
    }

    /** Sends the message as it came, with the reason and where it came from, and waits for the broker. */
    private Outcome deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        var letter = new ProducerRecord<String, byte[]>(properties.deadLetterTopic(), record.key(), record.value());
        record.headers().forEach(h -> letter.headers().add(h));
        letter.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        letter.headers().add("miaotui-dead-letter-origin", (record.topic() + "-" + record.partition() + "@"
                + record.offset()).getBytes(StandardCharsets.UTF_8));
        try {
            deadLetters.send(letter).get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not dead-letter: " + e, e);
        }
        meters.counter("miaotui.events.dead_lettered").increment();
        log.warn("order events: {}-{}@{} (key {}) dead-lettered: {}", record.topic(), record.partition(),
                record.offset(), record.key(), reason);
        return Outcome.DEAD_LETTERED;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10));
        deadLetters.close(Duration.ofSeconds(5));
    }
}
