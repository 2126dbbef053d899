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

    /** Registers or renames a shop; one statement, so concurrent PUTs of the same shop cannot collide. */
    public void upsert(Shop shop, Instant now) {
        jdbc.sql("""
                insert into shops (shop_id, name, channel, created_at, updated_at) values (?, ?, ?, ?, ?)
                on conflict (shop_id) do update set name = excluded.name, channel = excluded.channel,
                    updated_at = excluded.updated_at
                """)
                .params(shop.id().value(), shop.name(), shop.channel().name(), Timestamp.from(now), Timestamp.from(now))
                .update();
    }

    public Optional<Shop> find(ShopId id) {
        return jdbc.sql("select shop_id, name, channel from shops where shop_id = ?")
                .param(id.value())
                .query((rs, n) -> new Shop(new ShopId(rs.getString("shop_id")), rs.getString("name"),
                        Channel.valueOf(rs.getString("channel"))))
                .optional();
    }
}
