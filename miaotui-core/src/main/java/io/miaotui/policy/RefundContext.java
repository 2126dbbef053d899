package io.miaotui.policy;

import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.OrderLine;
import io.miaotui.shop.Shop;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a policy may look at to decide one refund request. {@code shipBy} is when the line had to ship by,
 * already pushed back by any festival closing, so a rule like "unshipped past its ship-by: instant" can be written.
 */
public record RefundContext(Shop shop, BuyerId buyerId, Instant orderPaidAt, OrderLine line, Money requestedAmount,
        Instant now, Instant shipBy, boolean shopClosed, RequestHistory history, Optional<String> reason) {

    public RefundContext {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(reason, "reason");
    }

    /** A request from a buyer with no history, in an open shop, with no reason given. */
    public RefundContext(Shop shop, BuyerId buyerId, Instant orderPaidAt, OrderLine line, Money requestedAmount,
            Instant now, Instant shipBy) {
        this(shop, buyerId, orderPaidAt, line, requestedAmount, now, shipBy, false,
                RequestHistory.none(requestedAmount.currency()), Optional.empty());
    }
}
