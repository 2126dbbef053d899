package io.miaotui.server.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbound events waiting for the broker. Triggers on {@code refund_events} and {@code audit_log} write them
 * (V17), in the transaction of the change they tell about; the relay reads and deletes them here.
 */
@Repository
public class EventOutbox {
    /** Rows of one order always share a slot; one relay at a time works a slot. */
    static final int SLOTS = 8;
    /** The advisory lock space of the relay's slots (any constant no other lock in this database uses). */
    private static final int LOCK_SPACE = 0x6b61666b; // "kafk"

    private final JdbcClient jdbc;

    public EventOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One event as the relay reads it. */
    record Pending(long seq, UUID eventId, String key, String type, String subject, Instant at, String data) {
    }

    /** Tells the triggers a relay is running (they write events only while one ran in the last ten minutes). */
    void heartbeat() {
        jdbc.sql("update event_relay_switch set relay_seen_at = now()").update();
    }

    /**
     * In the caller's transaction: the slot's lock, if no other relay holds it (held until the transaction ends),
     * then the slot's oldest {@code limit} events in the order they were written, locked. Empty when another relay
     * works the slot.
     */
    List<Pending> claim(int slot, int limit) {
        Boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(:space, :slot)")
                .param("space", LOCK_SPACE).param("slot", slot).query(Boolean.class).single();
        if (!locked) {
            return List.of();
        }
        return jdbc.sql("""
                select seq, event_id, partition_key, type, subject, at, data::text as data from event_outbox
                where slot = :slot order by seq limit :limit for update skip locked""")
                .param("slot", slot).param("limit", limit)
                .query((rs, n) -> new Pending(rs.getLong("seq"), rs.getObject("event_id", UUID.class),
                        rs.getString("partition_key"), rs.getString("type"), rs.getString("subject"),
                        rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("data")))
                .list();
    }

    /** Removes events the broker acknowledged, in the claiming transaction. */
    void delete(List<Long> seqs) {
        jdbc.sql("delete from event_outbox where seq = any(:seqs)").param("seqs", seqs.toArray(Long[]::new)).update();
    }

    long backlog() {
        return jdbc.sql("select count(*) from event_outbox").query(Long.class).single();
    }
}
