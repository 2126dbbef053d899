package io.miaotui.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generator's distributions on a seeded sample: the shares the storm's figures rest on. */
class StormDataTest {
    private static final long SEED = Long.getLong("miaotui.seed", 20261111L);
    private final StormData data = new StormData(SEED, "st-test", Instant.parse("2026-11-11T00:00:00Z"));

    @Test
    void thirtyPercentOfShopsAreTmall() {
        int shops = 20_000;
        long tmall = 0;
        for (int s = 0; s < shops; s++) {
            tmall += data.shop(s).tmall() ? 1 : 0;
        }
        assertThat(tmall / (double) shops).as("seed %d", SEED).isBetween(0.28, 0.32);
    }

    @Test
    void lineAmountsHaveAMedianNear89YuanAndATailWithinTwentyThousand() {
        long[] amounts = new long[200_000];
        int n = 0;
        for (int i = 0; n < amounts.length; i++) {
            for (StormData.Line line : data.order(i).lines()) {
                if (n < amounts.length) {
                    amounts[n++] = line.paidFen();
                }
            }
        }
        Arrays.sort(amounts);
        long median = amounts[amounts.length / 2];
        assertThat(median).as("median fen, seed %d", SEED).isBetween(85_00L, 93_00L);
        assertThat(amounts[0]).isGreaterThanOrEqualTo(StormData.MIN_FEN);
        assertThat(amounts[amounts.length - 1]).isLessThanOrEqualTo(StormData.MAX_FEN);
        // a real tail: one line in a hundred above ¥1,400 (e^(1.2 * 2.33) × 89), some above ¥5,000
        assertThat(amounts[(int) (amounts.length * 0.99)]).isGreaterThan(1_000_00L);
        assertThat(amounts[amounts.length - 1]).isGreaterThan(5_000_00L);
    }

    @Test
    void ordersHaveOneToFiveLinesMostOfThemOne() {
        int[] byCount = new int[6];
        int orders = 100_000;
        for (int i = 0; i < orders; i++) {
            byCount[data.order(i).lines().size()]++;
        }
        assertThat(byCount[0]).isZero();
        for (int k = 1; k <= 5; k++) {
            assertThat(byCount[k] / (double) orders).as("share of %d-line orders", k)
                    .isCloseTo(StormData.LINE_COUNT_SHARES[k - 1], org.assertj.core.data.Offset.offset(0.01));
        }
    }

    @Test
    void theSameSeedGivesTheSameOrdersAndAnotherSeedOthers() {
        StormData again = new StormData(SEED, "st-test", data.epoch());
        StormData other = new StormData(SEED + 1, "st-test", data.epoch());
        assertThat(again.order(12_345)).isEqualTo(data.order(12_345));
        assertThat(other.order(12_345)).isNotEqualTo(data.order(12_345));
    }

    @Test
    void manyBuyersAndShopsAndAboutOneLineInTenShipped() {
        Set<String> buyers = new HashSet<>();
        Set<String> shops = new HashSet<>();
        long lines = 0;
        long shipped = 0;
        for (int i = 0; i < 50_000; i++) {
            StormData.Order order = data.order(i);
            buyers.add(order.buyerId());
            shops.add(order.shop().shopId());
            for (StormData.Line line : order.lines()) {
                lines++;
                shipped += line.shipped() ? 1 : 0;
                assertThat(line.lineId()).matches("L[1-5]");
            }
            assertThat(order.orderId().length()).isLessThanOrEqualTo(64);
        }
        assertThat(buyers.size()).isGreaterThan(10_000);
        assertThat(shops.size()).isBetween(100, StormData.shopsFor(50_000));
        assertThat(shipped / (double) lines).isBetween(0.09, 0.11);
    }
}
