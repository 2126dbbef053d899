package io.miaotui.server.web;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.List;

/** The one Problem schema (RFC 9457 and our {@code errors}) that every error answer in the document refers to. */
public final class OpenApiProblems {
    static final String SCHEMA_NAME = "Problem";
    static final String FIELD_ERROR_NAME = "ProblemError";
    private static final String REF = "#/components/schemas/" + SCHEMA_NAME;
    private static final String MEDIA_TYPE = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private OpenApiProblems() {
    }

    /** An error answer with the Problem body. */
    public static ApiResponse response(String description) {
        return new ApiResponse().description(description).content(content());
    }

    /** An error answer with the Problem body and one documented header. */
    public static ApiResponse response(String description, String header, String headerDescription) {
        return response(description).addHeaderObject(header, new Header().description(headerDescription)
                .schema(new StringSchema()));
    }

    private static Content content() {
        return new Content().addMediaType(MEDIA_TYPE, new MediaType().schema(new Schema<>().$ref(REF)));
    }

    /** Every 4xx and 5xx answer of the operation: problem+json with the Problem schema, whatever was inferred. */
    static void describeErrors(Operation operation) {
        operation.getResponses().forEach((status, response) -> {
            if (OpenApiConfiguration.isError(status)) {
                response.setContent(content());
            }
        });
    }

    @SuppressWarnings("rawtypes")
    static Schema schema() {
        Schema<Object> problem = new ObjectSchema()
                .description("RFC 9457 problem details; `type` is stable per cause, clients switch on it."
                        + " Some causes add members (`rule` for a broken closing rule).")
                .addProperty("type", new StringSchema().format("uri")
                        .example("https://miaotui.io/problems/refund-in-progress"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema().format("int32"))
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/" + FIELD_ERROR_NAME))
                        .description("each invalid field (422 `invalid-request`), or each compile error of a policy"));
        problem.setRequired(List.of("type", "title", "status"));
        problem.setAdditionalProperties(true);
        return problem;
    }

    @SuppressWarnings("rawtypes")
    static Schema fieldErrorSchema() {
        Schema<Object> error = new ObjectSchema()
                .addProperty("field", new StringSchema().description("the field's JSON path, e.g. `lines[0].paidAmount`"))
                .addProperty("message", new StringSchema())
                .addProperty("line", new IntegerSchema().description("policy-invalid: where in the expression"))
                .addProperty("column", new IntegerSchema().description("policy-invalid: where in the expression"));
        error.setRequired(List.of("message"));
        return error;
    }
}
