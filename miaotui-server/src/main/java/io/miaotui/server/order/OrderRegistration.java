package io.miaotui.server.order;

import io.miaotui.ledger.MoneyFlows;
import io.miaotui.money.Money;
import io.miaotui.order.Order;
import io.miaotui.order.OrderLine;
import io.miaotui.order.ShippingDeadlines;
import io.miaotui.server.audit.AuditLog;
import io.miaotui.server.ledger.LedgerStore;
import io.miaotui.server.shop.ShopStore;
import io.miaotui.server.trust.Caller;
import io.miaotui.shop.Channel;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers paid orders exactly once, with the payment into escrow in the ledger. The order id is the idempotency
 * key: the same body again is a replay, a different body under the same id is a conflict.
 */
@Service
public class OrderRegistration {
    private static final Logger log = LoggerFactory.getLogger(OrderRegistration.class);

    private final OrderStore orders;
    private final LedgerStore ledger;
    private final ShippingDeadlines shipping;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final AuditLog audit;
    private final ShopStore shops;

    public OrderRegistration(OrderStore orders, LedgerStore ledger, ShippingDeadlines shipping,
            TransactionTemplate transaction, Clock clock, AuditLog audit, ShopStore shops) {
        this.shops = shops;
        this.audit = audit;
        this.orders = orders;
        this.ledger = ledger;
        this.shipping = shipping;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** What the registering transaction did. */
    private enum Insert { INSERTED, PRESENT, UNKNOWN_SHOP }

    public RegistrationAnswer register(Order order, Optional<Instant> requestedShipBy, int buyerCreditLevel,
            String requestHash, Caller caller) {
        Insert insert = transaction.execute(status -> {
            Optional<Channel> channel = shops.find(order.shopId()).map(s -> s.shop().channel());
            if (channel.isEmpty()) {
                status.setRollbackOnly();
                return Insert.UNKNOWN_SHOP;
            }
            Instant shipBy = shipping.shipBy(channel.get(), order.paidAt(), requestedShipBy);
            boolean inserted = orders.insertIfAbsent(order, shipBy, buyerCreditLevel, requestHash, clock.instant());
            if (inserted) {
                audit.record(caller, "ORDER_REGISTERED", "order:" + order.id(), order.lines().size() + " lines, buyer "
                        + order.buyerId() + ", shop " + order.shopId());
                Money total = order.lines().stream().map(OrderLine::paid).reduce(Money.zero(order.currency()), Money::plus);
                if (total.isPositive()) {
                    ledger.append(List.of(MoneyFlows.payment(order.id(), order.buyerId(), total)));
                }
            }
            return inserted ? Insert.INSERTED : Insert.PRESENT;
        });
        if (insert == Insert.UNKNOWN_SHOP) {
            return new RegistrationAnswer.UnknownShop(order.shopId());
        }
        if (insert == Insert.INSERTED) {
            log.info("order {} registered for shop {} with {} lines", order.id(), order.shopId(), order.lines().size());
            return new RegistrationAnswer.Registered(orders.find(order.id()).orElseThrow(), true);
        }
        String existingHash = orders.requestHash(order.id()).orElseThrow();
        if (!existingHash.equals(requestHash)) {
            return new RegistrationAnswer.Conflict(order.id());
        }
        return new RegistrationAnswer.Registered(orders.find(order.id()).orElseThrow(), false);
    }
}
