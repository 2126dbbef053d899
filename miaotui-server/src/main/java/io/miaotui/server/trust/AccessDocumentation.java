package io.miaotui.server.trust;

import io.miaotui.server.web.OpenApiProblems;
import java.util.Set;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Says in the OpenAPI document who may call each operation, read from the {@link AccessTable} itself so the two
 * cannot drift, with the 401 and 403 every protected operation can answer. The {@link Caller} a controller takes
 * is resolved from the token on the server and is no parameter of the API.
 */
@Configuration(proxyBeanMethods = false)
class AccessDocumentation {

    AccessDocumentation() {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenApiCustomizer accessInTheDocument() {
        return openApi -> openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            Set<String> roles = rolesFor(HttpMethod.valueOf(method.name()), path);
            String who = roles.isEmpty() ? "Who may call: nobody (not in the access table)."
                    : "Who may call: " + String.join(", ", roles) + "."
                    + (roles.contains(Role.BUYER.name()) || roles.contains(Role.MERCHANT.name())
                            ? " Buyers and merchants only for their own orders, refunds and shop; anything else is"
                                    + " the same 404 as for nothing at all." : "");
            op.setDescription(op.getDescription() == null ? who : op.getDescription() + "\n\n" + who);
            op.getResponses().addApiResponse("401", OpenApiProblems.response(
                    "`unauthenticated`: no token, or an expired, forged or ill-formed one.", "WWW-Authenticate",
                    "`Bearer`, with the error when a token was given"));
            if (roles.size() < Role.values().length) {
                op.getResponses().addApiResponse("403", OpenApiProblems.response(
                        "`forbidden`: the caller's role may not do this."));
            }
        }));
    }

    /** The roles the table lets send {@code method} to the document's {@code path} (its {@code {id}}s filled in). */
    private static Set<String> rolesFor(HttpMethod method, String path) {
        PathContainer concrete = PathContainer.parsePath(path.replaceAll("\\{[^}]+}", "x"));
        var roles = new TreeSet<String>();
        for (AccessTable.Rule rule : AccessTable.RULES) {
            if (rule.method().equals(method) && rule.paths().stream()
                    .anyMatch(p -> PathPatternParser.defaultInstance.parse(p).matches(concrete))) {
                rule.roles().forEach(role -> roles.add(role.name()));
            }
        }
        return roles;
    }
}
