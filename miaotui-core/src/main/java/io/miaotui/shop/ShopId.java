package io.miaotui.shop;

import io.miaotui.ids.Identifiers;

public record ShopId(String value) {
    public ShopId {
        Identifiers.require("shopId", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
