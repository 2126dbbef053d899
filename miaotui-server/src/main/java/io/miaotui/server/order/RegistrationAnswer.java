package io.miaotui.server.order;

import io.miaotui.order.OrderId;
import io.miaotui.shop.ShopId;

/** What came of registering a paid order: registered (or replayed), or refused and nothing written. */
public sealed interface RegistrationAnswer permits RegistrationAnswer.Registered, RegistrationAnswer.UnknownShop,
        RegistrationAnswer.Conflict {

    /** The order as stored; {@code created} false when this very body was registered before (a replay). */
    record Registered(OrderStore.StoredOrder order, boolean created) implements RegistrationAnswer {
    }

    /** The order names a shop that is not registered. */
    record UnknownShop(ShopId shopId) implements RegistrationAnswer {
    }

    /** The order id is registered already, with other content. */
    record Conflict(OrderId orderId) implements RegistrationAnswer {
    }
}
