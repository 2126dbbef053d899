package io.miaotui.server.shop;

import io.miaotui.shop.Channel;
import io.miaotui.shop.Shop;
import io.miaotui.shop.ShopId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ShopStore {
    private final JdbcClient jdbc;

    public ShopStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Registers or renames a shop, and sets its experience score when one is given (a new shop without one
     * scores 0); one statement, so concurrent PUTs of the same shop cannot collide. Returns the score it now has.
     */
    public double upsert(Shop shop, Optional<Double> experienceScore, Instant now) {
        Double score = experienceScore.orElse(null);
        return jdbc.sql("""
                insert into shops (shop_id, name, channel, created_at, updated_at, experience_score)
                values (?, ?, ?, ?, ?, coalesce(?::double precision, 0))
                on conflict (shop_id) do update set name = excluded.name, channel = excluded.channel,
                    updated_at = excluded.updated_at,
                    experience_score = coalesce(?::double precision, shops.experience_score)
                returning experience_score
                """)
                .params(shop.id().value(), shop.name(), shop.channel().name(), Timestamp.from(now), Timestamp.from(now),
                        score, score)
                .query(Double.class)
                .single();
    }

    /** Throws the shop-not-found problem unless the shop is registered. */
    public void requireExists(ShopId id) {
        if (!jdbc.sql("select exists (select 1 from shops where shop_id = ?)").param(id.value()).query(Boolean.class)
                .single()) {
            throw MissingShop.problem(id.value());
        }
    }

    /** A shop as stored, with the experience score policies read. */
    public record StoredShop(Shop shop, double experienceScore) {
    }

    public Optional<StoredShop> find(ShopId id) {
        return jdbc.sql("select shop_id, name, channel, experience_score from shops where shop_id = ?")
                .param(id.value())
                .query((rs, n) -> new StoredShop(new Shop(new ShopId(rs.getString("shop_id")), rs.getString("name"),
                        Channel.valueOf(rs.getString("channel"))), rs.getDouble("experience_score")))
                .optional();
    }
}
