package io.miaotui.server.trust;

import java.util.Arrays;
import java.util.Optional;

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

    /** The role with exactly this name, or empty (for null, blank or unknown names). */
    public static Optional<Role> named(String name) {
        return Arrays.stream(values()).filter(role -> role.name().equals(name)).findFirst();
    }

    /** The Spring Security authority for this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
