package io.miaotui.order;

import io.miaotui.ids.Identifiers;

public record OrderId(String value) {
    public OrderId {
        Identifiers.require("orderId", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
