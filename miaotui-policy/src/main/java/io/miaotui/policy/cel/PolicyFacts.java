package io.miaotui.policy.cel;

import java.time.Instant;
import java.util.Objects;

/**
 * The facts a CEL refund policy sees about one refund request: flat primitives, strings and instants, so the server
 * builds it from one row and stores it as typed columns for replay.
 *
 * <h2>The policy context</h2>
 * A policy is one CEL expression of type {@code bool}: true means the refund is granted instantly, false (or an
 * evaluation error) sends it to the merchant's review. It sees these variables; money is in fen (CNY minor units),
 * so {@code line.paidAmount <= 50000} means "paid at most ¥500.00".
 *
 * <table>
 * <caption>Variables and fields</caption>
 * <tr><th>CEL</th><th>type</th><th>meaning</th></tr>
 * <tr><td>{@code shop.id}</td><td>string</td><td>the shop's id</td></tr>
 * <tr><td>{@code shop.channel}</td><td>string</td><td>{@code "TAOBAO"} or {@code "TMALL"}</td></tr>
 * <tr><td>{@code shop.closed}</td><td>bool</td><td>the shop is inside a festival closing</td></tr>
 * <tr><td>{@code shop.experienceScore}</td><td>double</td><td>the shop's experience score, 0 to 100</td></tr>
 * <tr><td>{@code order.paidAt}</td><td>timestamp</td><td>when the order was paid</td></tr>
 * <tr><td>{@code order.lineCount}</td><td>int</td><td>lines in the order</td></tr>
 * <tr><td>{@code line.paidAmount}</td><td>int</td><td>what the buyer paid for the line, fen</td></tr>
 * <tr><td>{@code line.quantity}</td><td>int</td><td>items on the line</td></tr>
 * <tr><td>{@code line.shipped}</td><td>bool</td><td>the line has shipped</td></tr>
 * <tr><td>{@code line.shipBy}</td><td>timestamp</td><td>when the line had to ship by (festival closings added);
 *     may be unknown</td></tr>
 * <tr><td>{@code buyer.id}</td><td>string</td><td>the buyer's id</td></tr>
 * <tr><td>{@code buyer.refundsLast90d}</td><td>int</td><td>refunds the buyer asked for in the last 90 days</td></tr>
 * <tr><td>{@code buyer.ordersLast90d}</td><td>int</td><td>orders the buyer paid in the last 90 days</td></tr>
 * <tr><td>{@code buyer.instantRefundAmountLast30d}</td><td>int</td><td>fen refunded to the buyer instantly in the
 *     last 30 days</td></tr>
 * <tr><td>{@code buyer.creditLevel}</td><td>int</td><td>the marketplace's credit level for the buyer</td></tr>
 * <tr><td>{@code request.amount}</td><td>int</td><td>the refund asked for, fen</td></tr>
 * <tr><td>{@code request.reason}</td><td>string</td><td>the buyer's stated reason; may be unknown</td></tr>
 * <tr><td>{@code now}</td><td>timestamp</td><td>when the request is decided</td></tr>
 * </table>
 *
 * Examples: {@code !line.shipped && line.paidAmount <= 50000};
 * {@code !line.shipped && now - order.paidAt <= duration("2h") && line.paidAmount <= 20000}. Reading a fact that
 * is unknown ({@code null} here) is an evaluation error, and an error means merchant review, never an exception.
 */
public record PolicyFacts(
        String shopId,
        String shopChannel,
        boolean shopClosed,
        double shopExperienceScore,
        Instant orderPaidAt,
        int orderLineCount,
        long linePaidAmountFen,
        int lineQuantity,
        boolean lineShipped,
        Instant lineShipBy,
        String buyerId,
        int buyerRefundsLast90d,
        int buyerOrdersLast90d,
        long buyerInstantRefundAmountLast30dFen,
        int buyerCreditLevel,
        long requestAmountFen,
        String requestReason,
        Instant now) {

    /** Routing, bucketing and time need these; only {@code lineShipBy} and {@code requestReason} may be unknown. */
    public PolicyFacts {
        Objects.requireNonNull(shopId, "shopId");
        Objects.requireNonNull(shopChannel, "shopChannel");
        Objects.requireNonNull(orderPaidAt, "orderPaidAt");
        Objects.requireNonNull(buyerId, "buyerId");
        Objects.requireNonNull(now, "now");
    }
}
