package io.miaotui.ledger;

import io.miaotui.ids.Identifiers;
import io.miaotui.order.BuyerId;
import io.miaotui.order.OrderId;
import io.miaotui.shop.ShopId;
import java.util.Objects;

/**
 * An account of the escrow ledger, named for where money is. Money flows buyer → escrow of the order → (refund in
 * flight → gateway clearing, back to the buyer) or (merchant payable, to the shop); every account's balance says how
 * much is at that stage now, and all balances together always sum to zero.
 */
public record Account(String name) {
    public static final Account REFUNDS_IN_FLIGHT = new Account("refunds-in-flight");
    public static final Account GATEWAY_CLEARING = new Account("gateway-clearing");
    /** Refunds an operator recorded as paid outside the gateway. */
    public static final Account OFFLINE_REFUNDS = new Account("offline-refunds");

    private static final String BUYER = "buyer:";
    private static final String ESCROW = "escrow:";
    private static final String MERCHANT = "merchant:";

    public Account {
        Objects.requireNonNull(name, "name");
    }

    /** What the buyer paid in (negative) and got back (positive). */
    public static Account buyer(BuyerId buyer) {
        return new Account(BUYER + buyer.value());
    }

    /** The platform's escrow for one order (担保交易): paid, less refunds approved, less what was settled. */
    public static Account escrow(OrderId order) {
        return new Account(ESCROW + order.value());
    }

    /** What the platform owes a shop once buyers confirmed receipt. */
    public static Account merchantPayable(ShopId shop) {
        return new Account(MERCHANT + shop.value());
    }

    /** The account named {@code name}, or {@link IllegalArgumentException} saying which names exist. */
    public static Account parse(String name) {
        if (name != null) {
            if (name.equals(REFUNDS_IN_FLIGHT.name) || name.equals(GATEWAY_CLEARING.name)
                    || name.equals(OFFLINE_REFUNDS.name)) {
                return new Account(name);
            }
            for (String prefix : new String[] {BUYER, ESCROW, MERCHANT}) {
                if (name.startsWith(prefix) && Identifiers.problemWith(name.substring(prefix.length())) == null) {
                    return new Account(name);
                }
            }
        }
        throw new IllegalArgumentException("accounts are buyer:{buyerId}, escrow:{orderId}, merchant:{shopId},"
                + " refunds-in-flight, gateway-clearing and offline-refunds");
    }

    public boolean isEscrow() {
        return name.startsWith(ESCROW);
    }

    @Override
    public String toString() {
        return name;
    }
}
