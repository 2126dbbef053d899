package io.miaotui.gatewaysim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BillTest {
    private static final Instant NINE = Instant.parse("2025-06-18T09:00:00Z");
    private static final Instant TEN = Instant.parse("2025-06-18T10:00:00Z");
    private static final Instant ELEVEN = Instant.parse("2025-06-18T11:00:00Z");

    /** A clock the test moves, so processed refunds land at known times. */
    private static final class SettableClock extends Clock {
        private volatile Instant now = NINE;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final SettableClock clock = new SettableClock();
    private GatewaySimulator sim;
    private SimClient client;

    @BeforeEach
    void start() {
        sim = GatewaySimulator.start(0, Faults.NONE, 5, clock);
        client = new SimClient(sim);
    }

    @AfterEach
    void stop() {
        // The simulator first: closing it ends any answer still held by a fault, which the client would wait for.
        sim.close();
        client.close();
    }

    @Test
    void theBillCoversTheHalfOpenWindowFromInclusiveToExclusive() {
        clock.now = NINE;
        client.refund("at-nine", "1");
        clock.now = TEN;
        client.refund("at-ten", "2");
        clock.now = ELEVEN;
        client.refund("at-eleven", "3");

        assertThat(outRequestNos(bill("?from=" + NINE + "&to=" + ELEVEN))).containsExactly("at-nine", "at-ten");
        assertThat(outRequestNos(bill("?from=" + TEN + "&to=" + TEN))).isEmpty();
        assertThat(outRequestNos(bill("?from=" + TEN))).containsExactly("at-ten", "at-eleven");
        assertThat(outRequestNos(bill("?to=" + TEN))).containsExactly("at-nine");
        assertThat(outRequestNos(bill(""))).containsExactly("at-nine", "at-ten", "at-eleven");
    }

    @Test
    void aBillRowCarriesEverythingNeededToReconcile() {
        client.post("/v1/trade/refund", SimClient.refundJson("R-1", "T-1", "40.5", "B-1"));

        assertThat(bill("")).singleElement().isEqualTo(Map.of("out_request_no", "R-1", "trade_no", "T-1",
                "buyer_id", "B-1", "refund_amount", "40.50", "gmt_refund_pay", "2025-06-18T09:00:00Z"));
    }

    @Test
    void windowBoundsWithAnOffsetMeanTheSameInstantAsInUtc() {
        client.refund("at-nine", "1");

        // 17:00+08:00 is 09:00Z; the '+' is sent unencoded, as people paste it.
        assertThat(outRequestNos(bill("?from=2025-06-18T17:00:00+08:00&to=2025-06-18T17:00:01%2B08:00")))
                .containsExactly("at-nine");
    }

    @Test
    void injectedRecordsAppearOnTheBillAndAnInjectedDuplicateAppearsTwice() {
        client.refund("R-1", "40.00");
        RefundRecord duplicate = new RefundRecord("R-1", "T-R-1", "2088000000000001", 4000, NINE.plusSeconds(60));
        RefundRecord stranger = new RefundRecord("never-asked", "T-X", "B-X", 999, TEN);
        sim.inject(duplicate);
        sim.inject(stranger);

        List<Map<String, Object>> rows = bill("?from=" + NINE + "&to=" + ELEVEN);

        assertThat(outRequestNos(rows)).containsExactly("R-1", "R-1", "never-asked");
        assertThat(rows.get(1)).containsEntry("gmt_refund_pay", "2025-06-18T09:01:00Z");
        assertThat(rows.get(2)).containsEntry("refund_amount", "9.99");
        assertThat(sim.records()).hasSize(3);
    }

    @Test
    void anInjectedDuplicateDoesNotReplaceTheRecordThatRetriesAndQueriesSee() {
        client.refund("R-1", "40.00");
        sim.inject(new RefundRecord("R-1", "T-OTHER", "B", 100, TEN));

        assertThat(client.query("R-1").field("refund_amount")).isEqualTo("40.00");
        assertThat(client.refund("R-1", "40.00").field("fund_change")).isEqualTo("N");
    }

    @Test
    void anInjectedRecordForANewOutRequestNoIsFoundByQueries() {
        sim.inject(new RefundRecord("ghost", "T-G", "B-G", 500, TEN));

        assertThat(client.query("ghost").json()).containsEntry("refund_status", "REFUND_SUCCESS")
                .containsEntry("refund_amount", "5.00");
    }

    @Test
    void badWindowBoundsAreRefusedNamingTheParameter() {
        SimClient.Answer notATime = client.get("/v1/bill/refunds?from=yesterday");
        SimClient.Answer backwards = client.get("/v1/bill/refunds?from=" + TEN + "&to=" + NINE);
        SimClient.Answer twice = client.get("/v1/bill/refunds?from=" + TEN + "&from=" + NINE);

        assertThat(notATime.status()).isEqualTo(400);
        assertThat(notATime.field("sub_msg")).isEqualTo("from");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.field("sub_msg")).isEqualTo("to");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.field("sub_msg")).isEqualTo("from");
    }

    @Test
    void theBillIsNeverFaulted() {
        client.refund("R-1", "1");
        sim.setFaults(Faults.NONE.withErrorRate(1.0));

        assertThat(bill("")).hasSize(1);
    }

    private List<Map<String, Object>> bill(String query) {
        SimClient.Answer answer = client.get("/v1/bill/refunds" + query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.rows("refunds");
    }

    private static List<Object> outRequestNos(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> row.get("out_request_no")).toList();
    }
}
