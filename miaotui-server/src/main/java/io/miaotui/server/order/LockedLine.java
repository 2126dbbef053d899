package io.miaotui.server.order;

import io.miaotui.order.BuyerId;
import io.miaotui.order.OrderLine;
import io.miaotui.shop.Shop;
import java.time.Instant;

/** A line read under its row lock, with what a refund decision needs of its order and shop. */
public record LockedLine(Shop shop, BuyerId buyerId, Instant orderPaidAt, OrderLine line) {
}
