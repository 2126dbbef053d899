package io.miaotui.server.order;

import io.miaotui.ledger.MoneyFlows;
import io.miaotui.money.Money;
import io.miaotui.order.OrderId;
import io.miaotui.order.OrderLine;
import io.miaotui.server.audit.AuditLog;
import io.miaotui.server.database.RetryingTransactions;
import io.miaotui.server.ledger.LedgerStore;
import io.miaotui.server.trust.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The buyer (or the order system) confirms receipt: the escrow of every shipped line with no open refund, less
 * what was refunded, is released to the merchant. Unshipped and refunding lines stay in escrow and block nothing;
 * a later confirmation releases them once they qualify. Confirming again releases nothing twice.
 */
@Service
public class ReceiptConfirmation {
    private static final Logger log = LoggerFactory.getLogger(ReceiptConfirmation.class);

    private final OrderStore orders;
    private final LedgerStore ledger;
    private final RetryingTransactions transactions;
    private final MeterRegistry meters;
    private final AuditLog audit;

    public ReceiptConfirmation(OrderStore orders, LedgerStore ledger, RetryingTransactions transactions,
            MeterRegistry meters, AuditLog audit) {
        this.audit = audit;
        this.orders = orders;
        this.ledger = ledger;
        this.transactions = transactions;
        this.meters = meters;
    }

    public ReceiptAnswer confirm(OrderId orderId, Caller caller) {
        ReceiptAnswer answer = transactions.execute("receipt confirmation", status -> {
            List<LockedLine> locked = orders.lockLinesOfOrder(orderId);
            if (locked.isEmpty()) {
                status.setRollbackOnly();
                return new ReceiptAnswer.OrderNotFound(orderId);
            }
            var lines = new ArrayList<OrderLine>();
            var released = new ArrayList<OrderLine>();
            Money total = Money.zero(locked.getFirst().line().paid().currency());
            for (LockedLine each : locked) {
                var after = each.line().releaseToMerchant();
                if (after.isPresent()) {
                    total = total.plus(after.get().settled().minus(each.line().settled()));
                    released.add(after.get());
                }
                lines.add(after.orElse(each.line()));
            }
            if (!released.isEmpty()) {
                orders.saveSettled(released);
                ledger.append(List.of(MoneyFlows.settlement(orderId, locked.getFirst().shop().id(), total)));
                audit.record(caller, "RECEIPT_CONFIRMED", "order:" + orderId, total.toDecimalString() + " released to the merchant");
            }
            return new ReceiptAnswer.Confirmed(total, lines);
        });
        if (!(answer instanceof ReceiptAnswer.Confirmed confirmed)) {
            return answer;
        }
        meters.counter("miaotui.settlements", "outcome", confirmed.released().isPositive() ? "released" : "nothing")
                .increment();
        log.info("order {}: receipt confirmed, {} released to the merchant", orderId, confirmed.released());
        return answer;
    }
}
