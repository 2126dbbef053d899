package io.miaotui.server.trust;

import io.miaotui.order.BuyerId;
import io.miaotui.shop.ShopId;
import java.util.Objects;
import java.util.Optional;

/**
 * The authenticated caller of one request: role, subject (a buyer's id, a merchant's staff id, an operator's
 * name, the order system's client id) and, for merchants, their shop. Written into the audit log as the actor.
 */
public record Caller(Role role, String subject, Optional<ShopId> shop) {

    public Caller {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(shop, "shop");
    }

    public boolean is(Role candidate) {
        return role == candidate;
    }

    public boolean isBuyer(BuyerId buyer) {
        return role == Role.BUYER && subject.equals(buyer.value());
    }

    public boolean isMerchantOf(ShopId shopId) {
        return role == Role.MERCHANT && shop.filter(shopId::equals).isPresent();
    }

    /** How the audit log names the caller: {@code MERCHANT:staff-7@S-1}, {@code BUYER:B-1}. */
    public String actor() {
        return role + ":" + subject + shop.map(s -> "@" + s.value()).orElse("");
    }
}
