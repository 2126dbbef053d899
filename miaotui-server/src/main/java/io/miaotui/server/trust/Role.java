package io.miaotui.server.trust;

/** Who a caller is to the platform; carried in the token's {@code role} claim. */
public enum Role {
    /** A shopper; the token's subject is their buyer id. */
    BUYER,
    /** A shop's staff; the token's {@code shop} claim names the one shop they act for. */
    MERCHANT,
    /** Platform staff: policies, ledger, failed payouts, audit. */
    OPERATOR,
    /** The upstream order system that registers shops and orders and reports shipments. */
    ORDER_SYSTEM;

    /** The Spring Security authority for this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
