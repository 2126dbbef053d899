package io.miaotui.server.events;

import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The AsyncAPI 3.0 description of the Kafka channels and their CloudEvents, served next to the OpenAPI one (and,
 * like it, public). Served whether or not Kafka is on: it describes what the service speaks when it is.
 */
@Hidden
@RestController
public class AsyncApiController {
    public static final String PATH = "/v3/asyncapi.yaml";
    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");
    private final byte[] document;

    public AsyncApiController() {
        try (InputStream in = new ClassPathResource("asyncapi/asyncapi.yaml").getInputStream()) {
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("asyncapi/asyncapi.yaml missing from the jar", e);
        }
    }

    @GetMapping(value = PATH, produces = "application/yaml")
    public ResponseEntity<byte[]> asyncApi() {
        return ResponseEntity.ok().contentType(YAML).body(document);
    }
}
