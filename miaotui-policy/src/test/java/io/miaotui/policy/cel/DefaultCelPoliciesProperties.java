package io.miaotui.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import io.miaotui.order.OrderLine;
import io.miaotui.order.Shipment;
import io.miaotui.order.ShipmentOutcome;
import io.miaotui.policy.DefaultPolicies;
import io.miaotui.policy.RefundContext;
import io.miaotui.policy.RefundPolicy;
import io.miaotui.shop.Channel;
import io.miaotui.shop.Shop;
import io.miaotui.shop.ShopId;
import io.miaotui.testing.Gen;
import io.miaotui.testing.Tries;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each CEL default decides like the Java rule it replaces, over random requests crowded at the rules' edges. */
class DefaultCelPoliciesProperties {

    private static final Instant PAID_AT = Instant.parse("2026-11-11T00:00:05Z");
    private static final Map<String, CompiledPolicy> CEL = DefaultCelPolicies.compile(PolicyTesting.COMPILER);
    private static final Map<String, RefundPolicy> JAVA =
            DefaultPolicies.all().stream().collect(Collectors.toMap(RefundPolicy::key, Function.identity()));
    /** The channel a Java rule serves (it reviews other channels itself; CEL leaves that to routing). */
    private static final Map<String, Channel> RULE_CHANNEL = Map.of(
            DefaultPolicies.TMALL_UNSHIPPED, Channel.TMALL, DefaultPolicies.TAOBAO_UNSHIPPED, Channel.TAOBAO);

    @Test
    void each_cel_default_agrees_with_its_java_reference_rule() {
        Tries.check(3_000, gen -> agreesWithJava(gen.oneOf(DefaultPolicies.TMALL_UNSHIPPED,
                DefaultPolicies.TAOBAO_UNSHIPPED, DefaultPolicies.LEGACY_2H_200), amount(gen), gen.bool(),
                gen.oneOf(Channel.class), gen.longs(-3 * 3_600_000_000L, 3 * 3_600_000_000L)));
    }

    private static void agreesWithJava(String key, long paidFen, boolean shipped, Channel anyChannel,
            long microsFromTwoHours) {
        Channel channel = RULE_CHANNEL.getOrDefault(key, anyChannel);
        Instant now = PAID_AT.plus(Duration.ofHours(2)).plus(microsFromTwoHours, ChronoUnit.MICROS);
        Instant shipBy = PAID_AT.plus(Duration.ofHours(48));

        boolean javaInstant = JAVA.get(key).evaluate(context(channel, paidFen, shipped, now, shipBy)).instant();
        boolean celInstant = CEL.get(key).instant(new PolicyFacts("S-1", channel.name(), false, 90.0, PAID_AT, 1,
                paidFen, 1, shipped, shipBy, "B-1", 0, 3, 0, 3, paidFen, "changed my mind", now));

        assertThat(celInstant).as("%s paid %d shipped %s at %s", key, paidFen, shipped, now).isEqualTo(javaInstant);
    }

    /** Any amount up to 2,000.00, or one at the rules' limits (200.00 and 500.00) or a fen either side. */
    private static long amount(Gen gen) {
        return gen.bool() ? gen.longs(1, 2_000_00)
                : gen.oneOf(199_99L, 200_00L, 200_01L, 499_99L, 500_00L, 500_01L);
    }

    private static RefundContext context(Channel channel, long paidFen, boolean shipped, Instant now, Instant shipBy) {
        OrderLine line = OrderLine.paid(new OrderId("O-1"), new LineId("L-1"), "SKU", 1, Money.of(paidFen, Currency.CNY));
        if (shipped) {
            line = ((ShipmentOutcome.Shipped) line.ship(new Shipment("SF", "SF1", PAID_AT.plusSeconds(60)))).line();
        }
        return new RefundContext(new Shop(new ShopId("S-1"), "A shop", channel), new BuyerId("B-1"), PAID_AT, line,
                line.paid(), now, shipBy);
    }
}
