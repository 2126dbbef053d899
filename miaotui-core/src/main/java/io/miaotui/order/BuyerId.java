package io.miaotui.order;

import io.miaotui.ids.Identifiers;

public record BuyerId(String value) {
    public BuyerId {
        Identifiers.require("buyerId", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
