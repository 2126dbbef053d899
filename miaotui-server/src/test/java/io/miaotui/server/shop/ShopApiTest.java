package io.miaotui.server.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.ApiTestBase;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ShopApiTest extends ApiTestBase {

    @Test
    @DisplayName("a shop is registered with PUT, read back, and PUT again updates it")
    void putAndGet() {
        String path = "/api/v1/shops/S-" + run;
        Api.Reply created = api.put(path, Map.of("name", "Tea House", "channel", "TAOBAO"));
        Api.Reply updated = api.put(path, Map.of("name", "Tea House Flagship", "channel", "TMALL"));

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body()).containsEntry("shopId", "S-" + run).containsEntry("channel", "TAOBAO");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(api.get(path).body()).containsEntry("name", "Tea House Flagship").containsEntry("channel", "TMALL");
    }

    @Test
    @DisplayName("an unknown channel or a missing name is a 422 naming the field; an unknown shop a 404")
    void invalid() {
        Api.Reply badChannel = api.put("/api/v1/shops/S-" + run, Map.of("name", "x", "channel", "JD"));
        Api.Reply noName = api.put("/api/v1/shops/S-" + run, Map.of("channel", "TMALL"));

        assertThat(badChannel.status()).isEqualTo(422);
        assertThat(badChannel.list("errors")).extracting(e -> e.get("field")).containsExactly("channel");
        assertThat(noName.list("errors")).extracting(e -> e.get("field")).containsExactly("name");
        assertThat(api.get("/api/v1/shops/S-" + run).problem()).isEqualTo("shop-not-found");
    }
}
