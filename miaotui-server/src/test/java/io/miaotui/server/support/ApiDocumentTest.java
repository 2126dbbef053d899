package io.miaotui.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The judge every API test's calls go through does catch what the document does not describe. */
class ApiDocumentTest extends ApiTestBase {
    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));
    private static final Map<String, List<String>> PROBLEM = Map.of("Content-Type", List.of("application/problem+json"));
    private OpenApiInteractionValidator judge;
    private URI refunds;

    @BeforeEach
    void judge() {
        judge = ApiDocument.validator(HttpClient.newHttpClient(), "http://127.0.0.1:" + port);
        refunds = URI.create("http://127.0.0.1:" + port + "/api/v1/refunds");
    }

    private List<String> keys(String method, URI uri, Map<String, List<String>> requestHeaders, String body, int status,
            Map<String, List<String>> responseHeaders, String responseBody) {
        return ApiDocument.violations(judge, method, uri, requestHeaders, body, status, responseHeaders, responseBody)
                .stream().map(ValidationReport.Message::getKey).toList();
    }

    @Test
    void a_real_exchange_passes() {
        String order = order("TMALL", "10.00");
        var reply = refund("k-" + run, order, "L-1", null);
        assertThat(reply.status()).isEqualTo(201); // went through the judge inside Api without an AssertionError
    }

    @Test
    void an_undocumented_status_an_unknown_enum_value_and_a_problem_without_type_are_caught() {
        var key = Map.of("Content-Type", List.of("application/json"), "Idempotency-Key", List.of("k"),
                "Authorization", List.of("Bearer x"));
        String body = "{\"orderId\":\"O-1\",\"lineId\":\"L-1\"}";
        assertThat(keys("POST", refunds, key, body, 418, PROBLEM, "{\"type\":\"x\",\"title\":\"t\",\"status\":418}"))
                .contains("validation.response.status.unknown");
        assertThat(keys("GET", URI.create(refunds + "/r-1"), Map.of(), "", 200, JSON, "{\"status\":\"NOPE\"}"))
                .contains("validation.response.body.schema.enum");
        assertThat(keys("GET", URI.create(refunds + "/r-1"), Map.of(), "", 404, PROBLEM, "{\"title\":\"t\"}"))
                .contains("validation.response.body.schema.required");
    }

    @Test
    void a_request_the_service_accepted_must_be_documented_too() {
        // Without its Idempotency-Key header, a 201 would mean the document lies about the header being required.
        assertThat(keys("POST", refunds, Map.of("Content-Type", List.of("application/json"),
                "Authorization", List.of("Bearer x")), "{\"orderId\":\"O-1\",\"lineId\":\"L-1\"}", 201, JSON, "{}"))
                .contains("validation.request.parameter.header.missing");
    }
}
