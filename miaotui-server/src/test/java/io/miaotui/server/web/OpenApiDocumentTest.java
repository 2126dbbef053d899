package io.miaotui.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document describes the API a client sees, not the server's insides. */
class OpenApiDocumentTest extends ApiTestBase {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final Set<String> TAGS = Set.of("Refunds", "Orders", "Shops", "Closing", "Ledger", "Payouts",
            "Policies", "Audit", "Reconciliation", "Reports");

    @SuppressWarnings("unchecked")
    private List<Map.Entry<String, Map<String, Object>>> operations() {
        var reply = api.as(null).get("/v3/api-docs");
        assertThat(reply.status()).isEqualTo(200);
        var operations = new ArrayList<Map.Entry<String, Map<String, Object>>>();
        ((Map<String, Map<String, Object>>) reply.get("paths")).forEach((path, item) -> item.forEach((method, op) -> {
            if (METHODS.contains(method)) {
                operations.add(Map.entry(method.toUpperCase() + " " + path, (Map<String, Object>) op));
            }
        }));
        return operations;
    }

    @Test
    void the_document_has_no_server_side_parameter_and_no_error_page() {
        var reply = api.as(null).get("/v3/api-docs");
        assertThat(reply.map("paths")).doesNotContainKey("/error");
        for (var op : operations()) {
            @SuppressWarnings("unchecked")
            var parameters = (List<Map<String, Object>>) op.getValue().getOrDefault("parameters", List.of());
            assertThat(parameters).as(op.getKey()).noneMatch(p -> "caller".equals(p.get("name")));
        }
    }

    @Test
    void every_operation_has_a_summary_a_description_naming_its_roles_and_a_concept_tag() {
        for (var op : operations()) {
            Map<String, Object> operation = op.getValue();
            assertThat((String) operation.get("summary")).as(op.getKey() + " summary").isNotBlank();
            assertThat((String) operation.get("description")).as(op.getKey() + " description").contains("Who may call");
            assertThat((List<?>) operation.get("tags")).as(op.getKey() + " tags").hasSize(1)
                    .allMatch(TAGS::contains);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void every_operation_answers_401_and_403_with_the_shared_problem_schema() {
        var schemas = (Map<String, Map<String, Object>>) api.as(null).get("/v3/api-docs").map("components").get("schemas");
        assertThat(schemas).containsKey("Problem");
        assertThat((Map<String, Object>) schemas.get("Problem").get("properties"))
                .containsKeys("type", "title", "status", "detail", "instance", "errors");
        for (var op : operations()) {
            var responses = (Map<String, Map<String, Object>>) op.getValue().get("responses");
            assertThat(responses).as(op.getKey()).containsKey("401");
            for (var response : responses.entrySet()) {
                if (response.getKey().startsWith("4")) {
                    var content = (Map<String, Map<String, Object>>) response.getValue().get("content");
                    assertThat(content).as(op.getKey() + " " + response.getKey()).containsOnlyKeys("application/problem+json");
                    assertThat(content.get("application/problem+json").get("schema"))
                            .as(op.getKey() + " " + response.getKey())
                            .isEqualTo(Map.of("$ref", "#/components/schemas/Problem"));
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void creations_answer_201_and_their_replays_200() {
        var paths = (Map<String, Map<String, Map<String, Object>>>) api.as(null).get("/v3/api-docs").get("paths");
        for (String path : List.of("/api/v1/refunds", "/api/v1/orders", "/api/v1/orders/{orderId}/lines/{lineId}/shipment")) {
            var responses = (Map<String, Object>) paths.get(path).get("post").get("responses");
            assertThat(responses).as(path).containsKeys("201", "200");
        }
        var refund = (List<Map<String, Object>>) paths.get("/api/v1/refunds").get("post").get("parameters");
        assertThat(refund).anyMatch(p -> "Idempotency-Key".equals(p.get("name")) && "header".equals(p.get("in"))
                && Boolean.TRUE.equals(p.get("required")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_rate_limit_and_the_missing_token_name_their_headers() {
        var paths = (Map<String, Map<String, Map<String, Object>>>) api.as(null).get("/v3/api-docs").get("paths");
        var responses = (Map<String, Map<String, Object>>) paths.get("/api/v1/refunds").get("post").get("responses");
        assertThat((Map<String, Object>) responses.get("429").get("headers")).containsKey("Retry-After");
        assertThat((Map<String, Object>) responses.get("401").get("headers")).containsKey("WWW-Authenticate");
    }

    @Test
    @SuppressWarnings("unchecked")
    void fields_that_can_be_null_say_so() {
        var schemas = (Map<String, Map<String, Object>>) api.as(null).get("/v3/api-docs").map("components").get("schemas");
        var refund = (Map<String, Map<String, Object>>) schemas.get("RefundView").get("properties");
        for (String field : List.of("paidAt", "reviewDeadline", "rejectionReason")) {
            assertThat(refund.get(field)).as("RefundView." + field).containsEntry("nullable", true);
        }
        var decision = (Map<String, Map<String, Object>>) schemas.get("Decision").get("properties");
        assertThat(decision.get("resolution")).containsEntry("nullable", true);
        var line = (Map<String, Map<String, Object>>) schemas.get("LineView").get("properties");
        assertThat(line.get("shipment")).containsEntry("nullable", true);
    }
}
