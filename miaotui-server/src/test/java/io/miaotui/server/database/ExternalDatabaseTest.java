package io.miaotui.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.MiaotuiApplication;
import io.miaotui.server.payout.PayoutDatabase;
import io.miaotui.server.support.Api;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Configuration chooses the database and the policies: with {@code spring.datasource.url} the service uses that
 * PostgreSQL (here one we start ourselves, standing in for an external server) and starts no embedded one, with
 * its JIT off on both pools whatever the server's default (on, here as in Debian's packages); and routing a
 * channel to {@code legacy-2h-200} brings back the old 2-hour rule.
 */
class ExternalDatabaseTest {

    @TempDir
    Path externalDir;

    @Test
    @DisplayName("an external PostgreSQL by URL, and TAOBAO routed back to the legacy 2-hour rule")
    void externalDatabaseAndLegacyRouting() {
        try (EmbeddedDatabase external = EmbeddedDatabase.start(externalDir, false);
                var context = new SpringApplicationBuilder(MiaotuiApplication.class).run(
                        "--spring.datasource.url=" + external.jdbcUrl(), "--spring.datasource.username=postgres",
                        "--server.port=0", "--miaotui.policy.routing.TAOBAO=legacy-2h-200",
                        "--miaotui.data-dir=" + io.miaotui.server.support.TestDirs.fresh("miaotui-external-"),
                        "--logging.level.io.miaotui=WARN")) {
            assertThat(context.getBeansOfType(EmbeddedDatabase.class)).isEmpty();
            Api api = Api.of(context);
            api.put("/api/v1/shops/S-1", Map.of("name", "Tea", "channel", "TAOBAO"));
            Instant threeHoursAgo = Instant.now().minusSeconds(3 * 3600);
            for (String orderId : List.of("O-recent", "O-old")) {
                api.post("/api/v1/orders", Map.of("orderId", orderId, "shopId", "S-1", "buyerId", "B-1",
                        "paidAt", (orderId.equals("O-old") ? threeHoursAgo : Instant.now()).toString(),
                        "currency", "CNY", "lines", List.of(Map.of("lineId", "L-1", "sku", "tea", "quantity", 1,
                                "paidAmount", "150.00"))));
            }

            Api.Reply recent = api.post("/api/v1/refunds", Map.of("orderId", "O-recent", "lineId", "L-1"),
                    "Idempotency-Key", "k-recent");
            Api.Reply old = api.post("/api/v1/refunds", Map.of("orderId", "O-old", "lineId", "L-1"),
                    "Idempotency-Key", "k-old");

            assertThat(recent.map("decision")).containsEntry("policy", "legacy-2h-200").containsEntry("instant", true);
            assertThat(old.map("decision")).containsEntry("policy", "legacy-2h-200").containsEntry("instant", false);
            Long ordersInExternal = JdbcClient.create(
                            new org.springframework.jdbc.datasource.DriverManagerDataSource(external.jdbcUrl(), "postgres", ""))
                    .sql("select count(*) from orders").query(Long.class).single();
            assertThat(ordersInExternal).as("the orders live in the external database").isEqualTo(2);
            assertThat(jit(JdbcClient.create(context.getBean(DataSource.class))))
                    .as("no JIT on the request pool's connections").isEqualTo("off");
            JdbcClient payouts = context.getBean(PayoutDatabase.class).jdbc();
            assertThat(jit(payouts)).as("no JIT on the payout pool's connections").isEqualTo("off");
            assertThat(payouts.sql("show plan_cache_mode").query(String.class).single())
                    .as("the payout pool's own settings after the main pool's").isEqualTo("force_generic_plan");
        }
    }

    private static String jit(JdbcClient jdbc) {
        return jdbc.sql("show jit").query(String.class).single();
    }
}
