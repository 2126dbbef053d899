package io.miaotui.server.trust;

import io.miaotui.order.BuyerId;
import io.miaotui.order.OrderId;
import io.miaotui.refund.RefundId;
import io.miaotui.server.web.ApiProblem;
import io.miaotui.server.web.ProblemType;
import io.miaotui.shop.ShopId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The ownership half of authorization (the role half is {@link SecurityConfiguration}'s table). A buyer reaches
 * only their own orders and refunds, a merchant only their shop's: anyone else's is answered exactly as a
 * missing one (404), so ids cannot be probed. A merchant naming another shop in the path gets 403: shop ids
 * are public. Owners never change, so checking before the write is as good as checking inside it.
 */
@Component
public class Access {
    private final JdbcClient jdbc;

    public Access(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Owner(BuyerId buyerId, ShopId shopId) {
    }

    /** Shop-scoped paths: a merchant only for their own shop. Other roles were already sorted by path. */
    public void shop(Caller caller, ShopId shopId) {
        if (caller.is(Role.MERCHANT) && !caller.isMerchantOf(shopId)) {
            throw new ApiProblem(ProblemType.FORBIDDEN, "Your token acts for shop "
                    + caller.shop().map(ShopId::value).orElse("?") + ", not " + shopId.value() + ".");
        }
    }

    /** The order exists and the caller may reach it; otherwise the order-not-found problem. */
    public void order(Caller caller, OrderId orderId) {
        jdbc.sql("select buyer_id, shop_id from orders where order_id = ?").param(orderId.value())
                .query((rs, n) -> owner(rs)).optional()
                .filter(owner -> allowed(caller, owner))
                .orElseThrow(() -> orderNotFound(orderId));
    }

    /** The one answer for an order that does not exist or is not the caller's to see. */
    public static ApiProblem orderNotFound(OrderId orderId) {
        return new ApiProblem(ProblemType.ORDER_NOT_FOUND, "No order " + orderId + ".");
    }

    /** The refund exists and the caller may reach it; otherwise the refund-not-found problem. */
    public void refund(Caller caller, RefundId refundId) {
        jdbc.sql("select o.buyer_id, o.shop_id from refunds r join orders o on o.order_id = r.order_id where r.refund_id = ?")
                .param(refundId.value())
                .query((rs, n) -> owner(rs)).optional()
                .filter(owner -> allowed(caller, owner))
                .orElseThrow(() -> new ApiProblem(ProblemType.REFUND_NOT_FOUND, "No refund " + refundId + "."));
    }

    private static Owner owner(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Owner(new BuyerId(rs.getString(1)), new ShopId(rs.getString(2)));
    }

    private static boolean allowed(Caller caller, Owner owner) {
        return switch (caller.role()) {
            case BUYER -> caller.isBuyer(owner.buyerId());
            case MERCHANT -> caller.isMerchantOf(owner.shopId());
            case OPERATOR, ORDER_SYSTEM -> true;
        };
    }
}
