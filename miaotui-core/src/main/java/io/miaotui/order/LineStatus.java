package io.miaotui.order;

/**
 * What a buyer, a merchant and the shipment desk see of a line. Derived from the line's facts, never stored, so it
 * cannot disagree with them.
 */
public enum LineStatus {
    /** Paid, not shipped, no refund under way. */
    PAID,
    /** Shipped, no refund under way. */
    SHIPPED,
    /** A refund is pending review, approved or being paid: shipment is intercepted. */
    REFUNDING,
    /** Everything paid has been refunded. */
    REFUNDED
}
