package io.miaotui.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.ApiTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The AsyncAPI document is public, next to the OpenAPI one, and names every event type the outbox triggers write. */
class AsyncApiDocumentTest extends ApiTestBase {

    @Test
    @DisplayName("GET /v3/asyncapi.yaml needs no token and describes the three channels and every event type published")
    @SuppressWarnings("unchecked")
    void servedAndComplete() throws IOException {
        var reply = api.as(null).get(AsyncApiController.PATH);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/yaml");
        Map<String, Object> document = new Yaml().load(reply.raw());
        assertThat(document).containsEntry("asyncapi", "3.0.0");
        Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) document.get("channels");
        assertThat(channels.values().stream().map(c -> c.get("address")).toList()).containsExactlyInAnyOrder(
                "miaotui.order-events", "miaotui.order-events.dead-letter", "miaotui.refund-events");
        Set<String> documented = ((Map<String, Object>) channels.get("refundEvents").get("messages")).keySet();
        assertThat(documented).isEqualTo(typesTheTriggersWrite());
        assertThat(((Map<String, Object>) channels.get("orderEvents").get("messages")).keySet())
                .containsExactlyInAnyOrder("OrderPaid", "LineShipped", "OrderReceiptConfirmed");
    }

    @Test
    @DisplayName("every history step the server writes is turned into an outbound event by the V17 trigger")
    void everyHistoryStepIsPublished() throws IOException {
        String sql = Files.readString(Path.of("src/main/resources/db/migration/V17__kafka_events.sql"));
        var mapped = new TreeSet<String>();
        var when = Pattern.compile("when '([A-Z_]+)' then").matcher(sql);
        while (when.find()) {
            mapped.add(when.group(1));
        }
        var written = new TreeSet<String>();
        var call = Pattern.compile("(?:recordEvent|approveInto|recordingHistory)\\([^;{]*?\"([A-Z_]+)\"|'([A-Z_]+)' as event"
                + "|select refund_id, created_at, '([A-Z_]+)'");
        try (var files = Files.walk(Path.of("src/main/java/io/miaotui/server"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                var m = call.matcher(Files.readString(file));
                while (m.find()) {
                    written.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
                }
            }
        }
        assertThat(written).as("the steps found in the server's sources").contains("OPENED", "PAID", "MERCHANT_REJECTED");
        assertThat(mapped).containsAll(written);
    }

    /** Every event type named in the migration that fills the outbox ({@code then 'RefundPaid'}, ...). */
    private static Set<String> typesTheTriggersWrite() throws IOException {
        String sql = Files.readString(Path.of("src/main/resources/db/migration/V17__kafka_events.sql"));
        var types = new TreeSet<String>();
        var matcher = Pattern.compile("'((?:Refund|Closing|Policy)[A-Z][A-Za-z]+)'").matcher(sql);
        while (matcher.find()) {
            types.add(matcher.group(1));
        }
        return types;
    }
}
