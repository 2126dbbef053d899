package io.miaotui.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.shop.ShopId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderTest {

    private static final OrderId ORDER = new OrderId("order-1");
    private static final ShopId SHOP = new ShopId("shop-1");
    private static final BuyerId BUYER = new BuyerId("buyer-1");
    private static final Instant PAID_AT = Instant.parse("2025-06-18T10:00:00Z");

    private static OrderLine line(OrderId orderId, String lineId) {
        return OrderLine.paid(orderId, new LineId(lineId), "SKU-" + lineId, 1, Money.of(1000, Currency.CNY));
    }

    private static Order order(List<OrderLine> lines) {
        return new Order(ORDER, SHOP, BUYER, PAID_AT, Currency.CNY, lines);
    }

    @Test
    void an_order_keeps_its_lines_in_order() {
        Order order = order(List.of(line(ORDER, "a"), line(ORDER, "b")));

        assertThat(order.lines()).extracting(l -> l.lineId().value()).containsExactly("a", "b");
    }

    @Test
    void an_order_copies_its_lines_so_later_changes_to_the_list_do_not_leak_in() {
        var lines = new ArrayList<OrderLine>(List.of(line(ORDER, "a")));
        Order order = order(lines);

        lines.add(line(ORDER, "b"));

        assertThat(order.lines()).hasSize(1);
        assertThatThrownBy(() -> order.lines().add(line(ORDER, "c"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void an_order_with_no_lines_is_rejected() {
        assertThatThrownBy(() -> order(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 200 lines");
    }

    @Test
    void an_order_with_two_hundred_lines_is_accepted_and_two_hundred_and_one_rejected() {
        var lines = new ArrayList<OrderLine>();
        for (int i = 0; i < 200; i++) {
            lines.add(line(ORDER, "l" + i));
        }
        assertThat(order(lines).lines()).hasSize(200);

        lines.add(line(ORDER, "l200"));
        assertThatThrownBy(() -> order(lines)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_order_with_a_repeated_line_id_is_rejected() {
        assertThatThrownBy(() -> order(List.of(line(ORDER, "a"), line(ORDER, "b"), line(ORDER, "a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line a");
    }

    @Test
    void an_order_with_a_line_of_another_order_is_rejected() {
        assertThatThrownBy(() -> order(List.of(line(ORDER, "a"), line(new OrderId("order-2"), "b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line b");
    }

    @Test
    void the_same_line_id_on_different_orders_is_no_conflict() {
        Order first = order(List.of(line(ORDER, "a")));
        OrderId other = new OrderId("order-2");
        Order second = new Order(other, SHOP, BUYER, PAID_AT, Currency.CNY, List.of(line(other, "a")));

        assertThat(first.lines().getFirst().lineId()).isEqualTo(second.lines().getFirst().lineId());
    }

    @Test
    void ids_outside_the_identifier_rules_are_rejected_at_construction() {
        assertThatThrownBy(() -> new OrderId(" order")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("orderId");
        assertThatThrownBy(() -> new LineId("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lineId");
        assertThatThrownBy(() -> new BuyerId("b\u0000")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("buyerId");
        assertThatThrownBy(() -> new ShopId("s".repeat(65))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("shopId");
    }
}
