package io.miaotui.server.support;

import io.miaotui.server.trust.Role;
import io.miaotui.server.trust.TokenMinter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * Picks, for a request a test sends without naming a caller, the caller who would send it in real life — the
 * order system registers, the order's buyer asks for a refund, the shop's merchant approves it, an operator
 * reads the ledger — and signs a real token for them. It learns who owns what from the orders and refunds the
 * tests create through {@link Api}. Tests about authorization name their callers explicitly with
 * {@link Api#as(String)}; this only keeps the other tests about what they test.
 */
public final class Actors {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Owner> ORDERS = new ConcurrentHashMap<>();
    private static final Map<String, String> REFUND_ORDERS = new ConcurrentHashMap<>();

    private static final Pattern SHOP_PATH = Pattern.compile("^/api/v1/shops/([^/?]+)(/.*)?$");
    private static final Pattern ORDER_PATH = Pattern.compile("^/api/v1/orders/([^/?]+)(/.*)?$");
    private static final Pattern REFUND_PATH = Pattern.compile("^/api/v1/refunds/([^/?]+)(/[^?]*)?(\\?.*)?$");

    private record Owner(String buyerId, String shopId) {
    }

    private final TokenMinter minter;

    public Actors(byte[] secret) {
        this.minter = new TokenMinter(secret, "miaotui");
    }

    public String buyer(String buyerId) {
        return mint(Role.BUYER, buyerId, Optional.empty());
    }

    public String merchant(String shopId) {
        return mint(Role.MERCHANT, "staff-of-" + shopId, Optional.of(shopId));
    }

    public String operator() {
        return mint(Role.OPERATOR, "ops-1", Optional.empty());
    }

    public String orderSystem() {
        return mint(Role.ORDER_SYSTEM, "order-system", Optional.empty());
    }

    private String mint(Role role, String subject, Optional<String> shop) {
        return minter.mint(role, subject, shop, Instant.now(), Duration.ofHours(1));
    }

    /** The natural caller's token for this request. */
    public String tokenFor(String method, String path, String body) {
        if (path.equals("/api/v1/orders") && method.equals("POST")) {
            return orderSystem();
        }
        Matcher shop = SHOP_PATH.matcher(path);
        if (shop.matches()) {
            return method.equals("PUT") && shop.group(2) == null ? orderSystem() : merchant(decode(shop.group(1)));
        }
        Matcher order = ORDER_PATH.matcher(path);
        if (order.matches()) {
            Owner owner = ORDERS.get(decode(order.group(1)));
            if (owner == null) {
                return orderSystem();
            }
            return path.endsWith("/shipment") ? merchant(owner.shopId()) : buyer(owner.buyerId());
        }
        if (path.equals("/api/v1/refunds") && method.equals("POST")) {
            String orderId = field(body, "orderId");
            Owner owner = orderId == null ? null : ORDERS.get(orderId);
            return buyer(owner == null ? "B-nobody" : owner.buyerId());
        }
        Matcher refund = REFUND_PATH.matcher(path);
        if (refund.matches()) {
            String action = refund.group(2) == null ? "" : refund.group(2);
            Owner owner = Optional.ofNullable(REFUND_ORDERS.get(refund.group(1))).map(ORDERS::get).orElse(null);
            if (action.equals("/retry-payout") || action.equals("/close-offline") || action.equals("/cancel")
                    || owner == null) {
                return action.equals("/approve") || action.equals("/reject") ? merchant("S-nobody") : operator();
            }
            return action.equals("/approve") || action.equals("/reject") ? merchant(owner.shopId()) : buyer(owner.buyerId());
        }
        return operator();
    }

    /** Remembers which order a refund belongs to, from the refund the service answered with. */
    void learnRefund(Map<String, Object> reply) {
        Object refundId = reply.get("refundId");
        Object orderId = reply.get("orderId");
        if (refundId != null && orderId != null) {
            REFUND_ORDERS.put(refundId.toString(), orderId.toString());
        }
    }

    /** Remembers who owns an order the service accepted. */
    void learnOrder(String body) {
        String orderId = field(body, "orderId");
        String buyerId = field(body, "buyerId");
        String shopId = field(body, "shopId");
        if (orderId != null && buyerId != null && shopId != null) {
            ORDERS.putIfAbsent(orderId, new Owner(buyerId, shopId));
        }
    }

    private static String field(String body, String name) {
        try {
            Object value = JSON.readValue(body, Map.class).get(name);
            return value instanceof String s ? s : null;
        } catch (RuntimeException e) {
            return null; // a malformed body names no owner
        }
    }

    private static String decode(String segment) {
        return java.net.URLDecoder.decode(segment, java.nio.charset.StandardCharsets.UTF_8);
    }
}
