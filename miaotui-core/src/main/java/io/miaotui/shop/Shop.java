package io.miaotui.shop;

import java.util.Objects;

/** A shop as the upstream order system registers it. */
public record Shop(ShopId id, String name, Channel channel) {
    public Shop {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(channel, "channel");
    }
}
