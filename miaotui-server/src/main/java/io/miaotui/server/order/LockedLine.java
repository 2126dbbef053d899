package io.miaotui.server.order;

import io.miaotui.closing.ShopClosing;
import io.miaotui.order.BuyerId;
import io.miaotui.order.OrderLine;
import io.miaotui.shop.Shop;
import java.time.Instant;
import java.util.Optional;

/** A line read under its row lock, with what a refund decision needs of its order and shop (and its closing, if any). */
public record LockedLine(Shop shop, BuyerId buyerId, Instant orderPaidAt, Instant shipBy, OrderLine line,
        Optional<ShopClosing> closing) {
}
