package io.miaotui.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.ApiTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed {@code openapi.json} (what the client is generated from and the linter reads) is the document the
 * service serves. After a change to the API, write it anew with {@code -Dopenapi.snapshot.update=true}.
 */
class OpenApiSnapshotTest extends ApiTestBase {
    static final Path SNAPSHOT = Path.of("openapi.json");
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Test
    void the_served_document_is_the_committed_snapshot() throws IOException {
        var reply = api.as(null).get("/v3/api-docs");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode served = JSON.readTree(reply.raw());
        if (Boolean.getBoolean("openapi.snapshot.update")) {
            Files.writeString(SNAPSHOT, JSON.writeValueAsString(sorted(served)) + "\n");
        }
        JsonNode committed = JSON.readTree(Files.readString(SNAPSHOT));
        assertThat(served)
                .as("the served document differs from %s; if the API change is meant, run this test with"
                        + " -Dopenapi.snapshot.update=true and commit the file", SNAPSHOT.toAbsolutePath())
                .isEqualTo(committed);
    }

    /** The same document with every object's keys in order, so the snapshot's diffs show only real changes. */
    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            new TreeSet<>(node.propertyNames()).forEach(name -> copy.set(name, sorted(node.get(name))));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }
}
