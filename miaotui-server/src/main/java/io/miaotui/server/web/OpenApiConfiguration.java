package io.miaotui.server.web;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Names the API in its OpenAPI document (/v3/api-docs, Swagger UI at /swagger-ui.html) and adds what every
 * operation shares: the bearer scheme and the problem+json answers its input can cause, all with one Problem
 * schema. Facts of one operation (summary, success statuses, conflicts) are annotations on its controller; who may
 * call it comes from the access table (see trust's AccessDocumentation).
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    @Bean
    OpenAPI miaotuiOpenApi() {
        return new OpenAPI()
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                                .description("role BUYER, MERCHANT (with shop), OPERATOR or ORDER_SYSTEM; "
                                        + "java -jar miaotui-server.jar token --role ... --subject ... prints one")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                // A fixed server, so the document is the same whatever port serves it (the committed snapshot).
                .servers(List.of(new Server().url("/").description("the service that serves this document")))
                .tags(List.of(
                        tag("Refunds", "Buyers ask, merchants decide, operators handle payouts that failed."),
                        tag("Orders", "Paid orders from the order system, shipments, receipt."),
                        tag("Shops", "Shops and their service metrics."),
                        tag("Closing", "Festival closings (一键打烊) and the window they must fit in."),
                        tag("Ledger", "The escrow ledger and its check."),
                        tag("Payouts", "Payouts the gateway declined for good."),
                        tag("Policies", "Refund policies as CEL: versions, gray release, routing."),
                        tag("Audit", "Who changed what."),
                        tag("Reconciliation", "The gateway's statement against the ledger."),
                        tag("Reports", "The consumer-experience report and the live dashboard's figures.")))
                .info(new Info()
                        .title("Miaotui instant-refund API")
                        .version("v1")
                        .license(new License().name("Apache-2.0")
                                .url("https://www.apache.org/licenses/LICENSE-2.0"))
                        .description("Shops and paid orders from the order system, shipments from merchants, refund"
                                + " requests from buyers. Amounts are decimal strings in yuan (\"499.00\"); errors are"
                                + " RFC 9457 problem+json with a stable type under https://miaotui.io/problems/."));
    }

    private static Tag tag(String name, String description) {
        return new Tag().name(name).description(description);
    }

    /** The answers any operation's input can cause, then the Problem schema on every error answer. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            // Added here, not on the OpenAPI bean: springdoc drops schemas no controller refers to before customizers run.
            openApi.getComponents().addSchemas(OpenApiProblems.SCHEMA_NAME, OpenApiProblems.schema())
                    .addSchemas(OpenApiProblems.FIELD_ERROR_NAME, OpenApiProblems.fieldErrorSchema());
            openApi.getPaths().values().forEach(item -> item.readOperations().forEach(OpenApiConfiguration::describeAnswers));
            inlineNullableReferences(openApi);
        };
    }

    /**
     * A validator reads {@code nullable} beside {@code allOf} as "null must match the referenced object too", so a
     * property that may be null gets its object schema written out in place, nullable (OpenAPI 3.0 has no better way).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void inlineNullableReferences(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        var inlined = new HashSet<String>();
        schemas.values().stream().filter(schema -> schema.getProperties() != null).forEach(schema ->
                ((Map<String, Schema>) schema.getProperties()).replaceAll((name, property) -> {
                    List<Schema> allOf = property.getAllOf();
                    if (!Boolean.TRUE.equals(property.getNullable()) || allOf == null || allOf.size() != 1
                            || allOf.getFirst().get$ref() == null) {
                        return property;
                    }
                    String ref = allOf.getFirst().get$ref();
                    String target = ref.substring(ref.lastIndexOf('/') + 1);
                    inlined.add(target);
                    Schema object = schemas.get(target);
                    return new ObjectSchema().properties(object.getProperties()).required(object.getRequired())
                            .description(property.getDescription() != null ? property.getDescription()
                                    : object.getDescription())
                            .nullable(true);
                }));
        // A component now written out everywhere it was used is no component any more.
        String document = Json.pretty(openApi);
        inlined.removeIf(name -> document.contains("\"#/components/schemas/" + name + "\""));
        schemas.keySet().removeAll(inlined);
    }

    private static void describeAnswers(Operation operation) {
        ApiResponses responses = operation.getResponses();
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean hasBody = operation.getRequestBody() != null;
        if (hasBody || !parameters.isEmpty()) {
            putIfAbsent(responses, "400", "`malformed-request`: the request could not be read"
                    + (hasBody ? " (not JSON, an unknown field, a wrong type)." : " (a parameter of the wrong type)."));
            putIfAbsent(responses, "422", "`invalid-request`: `errors` names each invalid field.");
        }
        if (hasBody) {
            putIfAbsent(responses, "413", "`payload-too-large`: the body is over the limit.");
            putIfAbsent(responses, "415", "`unsupported-media-type`: the body is not application/json.");
        }
        if (parameters.stream().anyMatch(p -> "path".equals(p.getIn()))) {
            putIfAbsent(responses, "404", "Nothing of that id that the caller may see.");
        }
        putIfAbsent(responses, "406", "`not-acceptable`: the caller accepts neither JSON nor problem+json.");
        responses.putIfAbsent("503", OpenApiProblems.response("`database-unavailable`: the database could not be "
                + "reached (restarting, failing over); send the same request again after `Retry-After` seconds.",
                "Retry-After", "seconds to wait before sending the request again"));
        OpenApiProblems.describeErrors(operation);
    }

    /**
     * OpenAPI 3.0 ignores {@code nullable} beside a {@code $ref}: an object field that may be null is written as
     * {@code allOf} the referenced schema, nullable.
     */
    @Bean
    PropertyCustomizer nullableReferences() {
        return (property, type) -> {
            boolean nullable = type.getCtxAnnotations() != null && Arrays.stream(type.getCtxAnnotations())
                    .anyMatch(a -> a instanceof io.swagger.v3.oas.annotations.media.Schema s && s.nullable());
            if (!nullable || property.get$ref() == null) {
                return property;
            }
            return new ComposedSchema().addAllOfItem(new Schema<>().$ref(property.get$ref()))
                    .nullable(true).description(Arrays.stream(type.getCtxAnnotations())
                            .filter(a -> a instanceof io.swagger.v3.oas.annotations.media.Schema)
                            .map(a -> ((io.swagger.v3.oas.annotations.media.Schema) a).description())
                            .filter(d -> !d.isBlank()).findFirst().orElse(null));
        };
    }

    private static void putIfAbsent(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, OpenApiProblems.response(description));
        }
    }

    static boolean isError(String status) {
        return status.startsWith("4") || status.startsWith("5");
    }
}
