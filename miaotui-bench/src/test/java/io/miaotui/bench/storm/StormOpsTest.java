package io.miaotui.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StormOpsTest {
    private final StormData data = new StormData(11, "st-ops", Instant.parse("2026-11-11T00:00:00Z"));

    @Test
    void theMixedStormHasEveryKindInItsShare() {
        var ops = new StormOps(data, 0, 11);
        Map<StormOps.Kind, Integer> kinds = new EnumMap<>(StormOps.Kind.class);
        for (int i = 0; i < 20_000; i++) {
            kinds.merge(ops.next().kind(), 1, Integer::sum);
        }
        assertThat(kinds.get(StormOps.Kind.REFUND) / 20_000.0).isBetween(0.73, 0.77);
        assertThat(kinds.get(StormOps.Kind.SHIPMENT) / 20_000.0).isBetween(0.08, 0.12);
        assertThat(kinds.get(StormOps.Kind.RETRY) / 20_000.0).isBetween(0.08, 0.12);
        assertThat(kinds.get(StormOps.Kind.REFUND_SHIPPED) / 20_000.0).isBetween(0.04, 0.06);
    }

    @Test
    void theOrdersLoadedForAStormLastItsRequests() {
        // short of orders, a storm's last requests name orders never loaded and measure cheap 404s
        for (long seed = 1; seed <= 5; seed++) {
            for (int requests : new int[] {1, 500, 20_000, 60_000}) {
                var ops = new StormOps(data, 1_000, seed);
                for (int i = 0; i < requests; i++) {
                    ops.next();
                }
                assertThat(ops.nextUnusedOrder() - 1_000).as("orders taken by %d requests, seed %d", requests, seed)
                        .isLessThanOrEqualTo(StormCommand.ordersFor(requests));
            }
        }
    }

    @Test
    void theOrdersLoadedForARefundsOnlyStormLastItsRequests() {
        // one unshipped line a request takes more orders a request than the mix, which also refunds shipped lines
        for (int first : new int[] {0, 1_000, 7_777}) {
            for (int requests : new int[] {1, 500, 20_000, 60_000}) {
                var ops = StormOps.refundsOnly(data, first);
                for (int i = 0; i < requests; i++) {
                    ops.next();
                }
                assertThat(ops.nextUnusedOrder() - first).as("orders taken by %d refunds from order %d", requests, first)
                        .isLessThanOrEqualTo(StormCommand.refundsOnlyOrdersFor(requests));
            }
        }
    }

    @Test
    void refundsOnlyAsksForEachUnshippedLineOnceAndNothingElse() {
        var ops = StormOps.refundsOnly(data, 100);
        Set<String> lines = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            StormOps.Op op = ops.next();
            assertThat(op.kind()).isEqualTo(StormOps.Kind.REFUND);
            assertThat(op.key()).isEqualTo(op.orderId() + "-" + op.lineId());
            assertThat(lines.add(op.orderId() + "/" + op.lineId())).as("a line asked for twice").isTrue();
        }
        // every unshipped line of the orders it went through (the last may have some left), none of their shipped ones
        int last = ops.nextUnusedOrder() - 1;
        int unshipped = 0;
        for (int order = 100; order <= last; order++) {
            for (StormData.Line line : data.order(order).lines()) {
                String id = data.order(order).orderId() + "/" + line.lineId();
                if (line.shipped()) {
                    assertThat(lines).doesNotContain(id);
                } else {
                    unshipped++;
                    if (order < last) {
                        assertThat(lines).contains(id);
                    }
                }
            }
        }
        assertThat(unshipped).isBetween(5_000, 5_004);
        assertThat(ops.nextUnusedOrder()).isGreaterThan(100);
    }
}
