package io.miaotui.server.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Names the API in its OpenAPI document (/v3/api-docs, Swagger UI at /swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    @Bean
    OpenAPI miaotuiOpenApi() {
        return new OpenAPI()
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("role BUYER, MERCHANT (with shop), OPERATOR or ORDER_SYSTEM; "
                                + "java -jar miaotui-server.jar token --role ... --subject ... prints one")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .info(new Info()
                .title("Miaotui instant-refund API")
                .version("v1")
                .description("Shops and paid orders from the order system, shipments from merchants, refund requests"
                        + " from buyers. Amounts are decimal strings in yuan (\"499.00\"); errors are RFC 9457"
                        + " problem+json with a stable type under https://miaotui.io/problems/."));
    }
}
