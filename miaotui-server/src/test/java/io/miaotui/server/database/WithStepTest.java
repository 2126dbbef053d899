package io.miaotui.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WithStepTest {
    private static final WithStep INSERTED = WithStep.writing("refund",
            "insert into refunds (refund_id) values (:refund_id) returning refund_id", Map.of("refund_id", "R1"));

    @Test
    @DisplayName("steps compose into one WITH statement whose final select reads every must-be-read step")
    void composesOneStatement() {
        var posted = new WithStep("ledger", "select post(:ledger_amount) from refund", Map.of("ledger_amount", 5L), true);
        var history = WithStep.writing("history", "insert into refund_events select refund_id, :history_at from refund",
                Map.of("history_at", "t"));

        assertThat(WithStep.sql(List.of(INSERTED, posted, history), "(select count(*) from refund)")).isEqualTo("""
                with refund as (
                insert into refunds (refund_id) values (:refund_id) returning refund_id
                ),
                ledger as (
                select post(:ledger_amount) from refund
                ),
                history as (
                insert into refund_events select refund_id, :history_at from refund
                )
                select (select count(*) from refund), (select count(*) from ledger) as ledger_rows""");
        assertThat(WithStep.params(List.of(INSERTED, posted, history)))
                .containsExactly(Map.entry("refund_id", "R1"), Map.entry("ledger_amount", 5L), Map.entry("history_at", "t"));
    }

    @Test
    @DisplayName("a null is a value a step may bind (a column left empty)")
    void nullIsAValue() {
        var params = new HashMap<String, Object>();
        params.put("history_detail", null);
        var step = WithStep.writing("history", "insert into refund_events (detail) values (:history_detail)", params);

        assertThat(WithStep.params(List.of(step))).containsEntry("history_detail", null);
    }

    @Test
    @DisplayName("two steps binding one name, two steps of one name, or a bound name the SQL never uses are refused")
    void collisionsAreRefused() {
        var sameParam = WithStep.writing("other", "select :refund_id", Map.of("refund_id", "R2"));
        var sameName = WithStep.writing("refund", "select 1", Map.of());

        assertThatThrownBy(() -> WithStep.params(List.of(INSERTED, sameParam))).hasMessageContaining(":refund_id");
        assertThatThrownBy(() -> WithStep.sql(List.of(INSERTED, sameName), "1")).hasMessageContaining("refund");
        assertThatThrownBy(() -> WithStep.writing("x", "select :refund_ids", Map.of("refund_id", "R1")))
                .hasMessageContaining("never uses");
    }
}
