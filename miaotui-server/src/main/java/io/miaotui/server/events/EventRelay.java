package io.miaotui.server.events;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Relays the event outbox to Kafka, at least once, keyed by order id. Runs on every instance; the outbox is cut
 * into {@value EventOutbox#SLOTS} slots by the order id's hash, and a relay works a slot only under its advisory
 * lock, one batch per transaction: claim the slot's oldest events, send them in that order (one idempotent
 * producer, acks=all: the broker keeps them in send order per partition), wait for every acknowledgement, delete
 * them, commit. So one order's events leave in the order they were written whichever instance relays them, and
 * a crash or a broker outage before the commit leaves the batch in the outbox to be sent again (a consumer may
 * see an event twice, never out of order apart from such a repeat, and deduplicates by the event id).
 */
public class EventRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventRelay.class);
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final Duration BACKOFF_AFTER_FAILURE = Duration.ofSeconds(1);

    private final EventOutbox outbox;
    private final Producer<String, byte[]> producer;
    private final TransactionTemplate transaction;
    private final JsonMapper json;
    private final KafkaProperties properties;
    private final MeterRegistry meters;
    private final Thread thread;
    private final AtomicLong lastBatch = new AtomicLong();
    private volatile boolean running = true;
    private long lastHeartbeatNanos;

    EventRelay(EventOutbox outbox, Producer<String, byte[]> producer, TransactionTemplate transaction, JsonMapper json,
            KafkaProperties properties, MeterRegistry meters) {
        this.outbox = outbox;
        this.producer = producer;
        this.transaction = transaction;
        this.json = json;
        this.properties = properties;
        this.meters = meters;
        meters.gauge("miaotui.events.relay.last_batch", lastBatch, AtomicLong::get);
        transaction.executeWithoutResult(status -> outbox.heartbeat()); // before the first request writes a step
        lastHeartbeatNanos = System.nanoTime();
        this.thread = Thread.ofPlatform().name("event-relay").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        int first = 0;
        while (running) {
            try {
                if (System.nanoTime() - lastHeartbeatNanos > HEARTBEAT.toNanos()) {
                    transaction.executeWithoutResult(status -> outbox.heartbeat());
                    lastHeartbeatNanos = System.nanoTime();
                }
                int sent = 0;
                for (int i = 0; i < EventOutbox.SLOTS && running; i++) {
                    sent += relaySlot((first + i) % EventOutbox.SLOTS);
                }
                first = (first + 1) % EventOutbox.SLOTS; // instances start on different slots more often than not
                if (sent == 0) {
                    Thread.sleep(properties.relayPollInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                meters.counter("miaotui.events.relay.failures").increment();
                log.warn("event relay: batch not sent, it stays in the outbox and goes again: {}", e.toString());
                Pause.quietly(BACKOFF_AFTER_FAILURE);
            }
        }
    }

    /** One batch of one slot; how many events the broker acknowledged (0 when the slot is empty or taken). */
    int relaySlot(int slot) {
        Integer sent = transaction.execute(status -> {
            List<EventOutbox.Pending> batch = outbox.claim(slot, properties.relayBatchSize());
            if (batch.isEmpty()) {
                return 0;
            }
            var acks = new ArrayList<Future<RecordMetadata>>(batch.size());
            for (EventOutbox.Pending event : batch) {
                var record = new ProducerRecord<String, byte[]>(properties.refundEventsTopic(), event.key(),
                        CloudEvents.envelope(json, event, properties.source()).getBytes(StandardCharsets.UTF_8));
                record.headers().add("content-type", CloudEvents.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                acks.add(producer.send(record));
            }
            producer.flush();
            long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
            for (Future<RecordMetadata> ack : acks) {
                try {
                    ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the broker", e);
                } catch (Exception e) {
                    throw new IllegalStateException("the broker did not acknowledge the batch: " + e, e);
                }
            }
            outbox.delete(batch.stream().map(EventOutbox.Pending::seq).toList());
            for (EventOutbox.Pending event : batch) {
                meters.counter("miaotui.events.published", "type", event.type()).increment();
            }
            return batch.size();
        });
        if (sent != null && sent > 0) {
            lastBatch.set(sent);
            log.debug("event relay: slot {} sent {} events", slot, sent);
        }
        return sent == null ? 0 : sent;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(Duration.ofSeconds(10));
        producer.close(Duration.ofSeconds(5));
    }
}
