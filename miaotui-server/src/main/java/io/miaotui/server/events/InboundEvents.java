package io.miaotui.server.events;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The order events already applied, by event id: written in the transaction of the event's effect. */
@Repository
public class InboundEvents {
    private final JdbcClient jdbc;

    public InboundEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the event id in the caller's transaction; false when it was applied before. A redelivery racing the
     * first delivery waits on the unique index until that one commits (then false) or rolls back (then true).
     */
    boolean claim(String eventId, String type, String orderId, Instant at) {
        return jdbc.sql("""
                insert into inbound_events (event_id, type, order_id, applied_at) values (:id, :type, :order, :at)
                on conflict (event_id) do nothing""")
                .param("id", eventId)
                .param("type", type)
                .param("order", orderId)
                .param("at", Timestamp.from(at))
                .update() == 1;
    }
}
