package io.miaotui.server.shop;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.miaotui.server.audit.AuditLog;
import io.miaotui.server.database.RetryingTransactions;
import io.miaotui.server.trust.Access;
import io.miaotui.server.trust.Caller;
import io.miaotui.server.web.RequestCheck;
import io.miaotui.shop.Channel;
import io.miaotui.shop.Shop;
import io.miaotui.shop.ShopId;
import java.time.Clock;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Shops as the upstream order system registers them. */
@RestController
@Tag(name = "Shops")
@RequestMapping("/api/v1/shops")
public class ShopController {
    private final ShopStore shops;
    private final Clock clock;
    private final Access access;
    private final AuditLog audit;
    private final RetryingTransactions transactions;

    public ShopController(ShopStore shops, Clock clock, Access access, AuditLog audit, RetryingTransactions transactions) {
        this.access = access;
        this.audit = audit;
        this.transactions = transactions;
        this.shops = shops;
        this.clock = clock;
    }

    /** {@code experienceScore}: optional, 0 to 100 (at most 2 decimals); kept as it was when left out. */
    public record ShopBody(@Schema(requiredMode = REQUIRED, example = "Tea House") String name,
            @Schema(requiredMode = REQUIRED, example = "TAOBAO", allowableValues = {"TAOBAO", "TMALL"}) String channel,
            @Schema(example = "80", description = "0-100, default 0") String experienceScore) {
    }

    public record ShopView(String shopId, String name, Channel channel, double experienceScore) {
        static ShopView of(Shop shop, double experienceScore) {
            return new ShopView(shop.id().value(), shop.name(), shop.channel(), experienceScore);
        }
    }

    @Operation(operationId = "putShop", summary = "Register or update a shop",
            description = "The order system registers a shop or changes its name, channel or experience score.")
    @PutMapping("/{shopId}")
    public ShopView put(Caller caller, @PathVariable String shopId, @RequestBody ShopBody body) {
        var check = new RequestCheck();
        String id = check.id("shopId", shopId);
        String name = check.text("name", body.name(), 200, true);
        Channel channel = check.oneOf("channel", body.channel(), Channel.class);
        Optional<Double> score = body.experienceScore() == null ? Optional.empty()
                : Optional.ofNullable(check.score("experienceScore", body.experienceScore()));
        check.throwIfInvalid();
        Shop shop = new Shop(new ShopId(id), name, channel);
        double stored = transactions.execute("shop registration", status -> {
            double scored = shops.upsert(shop, score, clock.instant());
            audit.record(caller, "SHOP_PUT", "shop:" + id, name + " on " + channel);
            return scored;
        });
        return ShopView.of(shop, stored);
    }

    @Operation(operationId = "getShop", summary = "Read a shop",
            description = "The shop's name, channel and experience score.")
    @GetMapping("/{shopId}")
    public ShopView get(Caller caller, @PathVariable String shopId) {
        var check = new RequestCheck();
        String id = check.id("shopId", shopId);
        check.throwIfInvalid();
        access.shop(caller, new ShopId(id));
        return shops.find(new ShopId(id)).map(s -> ShopView.of(s.shop(), s.experienceScore()))
                .orElseThrow(() -> MissingShop.problem(id));
    }
}
