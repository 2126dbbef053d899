package io.miaotui.order;

import io.miaotui.money.Currency;
import io.miaotui.shop.ShopId;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/** A paid order as the upstream order system registers it: who bought what from which shop, and when they paid. */
public record Order(OrderId id, ShopId shopId, BuyerId buyerId, Instant paidAt, Currency currency, List<OrderLine> lines) {
    public static final int MAX_LINES = 200;

    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(shopId, "shopId");
        Objects.requireNonNull(buyerId, "buyerId");
        Objects.requireNonNull(paidAt, "paidAt");
        Objects.requireNonNull(currency, "currency");
        lines = List.copyOf(lines);
        if (lines.isEmpty() || lines.size() > MAX_LINES) {
            throw new IllegalArgumentException("an order has 1 to " + MAX_LINES + " lines");
        }
        var seen = new HashSet<LineId>();
        for (OrderLine line : lines) {
            if (!line.orderId().equals(id) || !seen.add(line.lineId())) {
                throw new IllegalArgumentException("line " + line.lineId() + " is repeated or belongs to another order");
            }
            if (line.paid().currency() != currency) {
                throw new IllegalArgumentException("line " + line.lineId() + " is not in the order's currency");
            }
        }
    }
}
