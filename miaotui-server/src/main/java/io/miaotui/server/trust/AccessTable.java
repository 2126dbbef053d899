package io.miaotui.server.trust;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what, as one table: each row lets some roles (or anyone, for the public pages) send one method to
 * some paths. Nothing else gets through: a method a path does not list (HEAD, OPTIONS, PATCH, PUT on a page that
 * is only read...) is refused for every caller, so a new endpoint is closed until it is written down here.
 */
final class AccessTable {

    /** One row: {@code roles} may send {@code method} to {@code paths}; no roles means anyone, with or without a token. */
    record Rule(HttpMethod method, Set<Role> roles, List<String> paths) {
        boolean isPublic() {
            return roles.isEmpty();
        }

        String[] roleNames() {
            return roles.stream().map(Role::name).toArray(String[]::new);
        }

        List<RequestMatcher> matchers() {
            return paths.stream().<RequestMatcher>map(path -> MATCHERS.matcher(method, path)).toList();
        }
    }

    private static final PathPatternRequestMatcher.Builder MATCHERS = PathPatternRequestMatcher.withDefaults();
    private static final Set<Role> ANYONE = Set.of();
    private static final Set<Role> EVERY_ROLE = EnumSet.allOf(Role.class);

    static final List<Rule> RULES = List.of(
            // Health, build info, Prometheus scraping and the API descriptions (OpenAPI, AsyncAPI) are public pages, read only.
            rule(GET, ANYONE, "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
                    "/v3/api-docs", "/v3/api-docs/**", "/v3/asyncapi.yaml", "/swagger-ui.html", "/swagger-ui/**"),
            // The console's page shells, scripts and charts library hold no data: each figure they show comes from
            // the API below, with the caller's own token.
            rule(GET, ANYONE, "/console", "/console/**", "/webjars/echarts/**"),
            rule(GET, roles(Role.OPERATOR), "/actuator", "/actuator/**"),
            // The order system registers shops and orders.
            rule(PUT, roles(Role.ORDER_SYSTEM), "/api/v1/shops/*"),
            rule(POST, roles(Role.ORDER_SYSTEM), "/api/v1/orders"),
            rule(POST, roles(Role.MERCHANT, Role.ORDER_SYSTEM), "/api/v1/orders/*/lines/*/shipment"),
            rule(POST, roles(Role.BUYER, Role.ORDER_SYSTEM), "/api/v1/orders/*/confirm-receipt"),
            rule(GET, roles(Role.BUYER, Role.MERCHANT, Role.OPERATOR, Role.ORDER_SYSTEM), "/api/v1/orders/*"),
            // Buyers ask, merchants decide, operators resend failed payouts or close them.
            rule(POST, roles(Role.BUYER), "/api/v1/refunds"),
            rule(GET, roles(Role.BUYER, Role.MERCHANT, Role.OPERATOR), "/api/v1/refunds/*", "/api/v1/refunds/*/history"),
            rule(POST, roles(Role.MERCHANT), "/api/v1/refunds/*/approve", "/api/v1/refunds/*/reject"),
            rule(POST, roles(Role.OPERATOR), "/api/v1/refunds/*/retry-payout", "/api/v1/refunds/*/close-offline",
                    "/api/v1/refunds/*/cancel"),
            // A shop's own pages: its merchant acts, operators look.
            rule(GET, roles(Role.MERCHANT, Role.OPERATOR, Role.ORDER_SYSTEM), "/api/v1/shops/*"),
            rule(GET, roles(Role.MERCHANT, Role.OPERATOR), "/api/v1/shops/*/refunds", "/api/v1/shops/*/metrics",
                    "/api/v1/shops/*/closing"),
            rule(POST, roles(Role.MERCHANT), "/api/v1/shops/*/refunds/bulk-approve", "/api/v1/shops/*/refunds/bulk-reject"),
            rule(PUT, roles(Role.MERCHANT), "/api/v1/shops/*/closing"),
            rule(DELETE, roles(Role.MERCHANT), "/api/v1/shops/*/closing"),
            rule(GET, EVERY_ROLE, "/api/v1/closing-window"),
            // The platform's own books and rules.
            rule(PUT, roles(Role.OPERATOR), "/api/v1/closing-window", "/api/v1/policy-routing",
                    "/api/v1/policies/*/versions/*/rollout"),
            rule(GET, roles(Role.OPERATOR), "/api/v1/ledger/accounts/*", "/api/v1/ledger/check", "/api/v1/reconciliation",
                    "/api/v1/payouts/failed", "/api/v1/audit", "/api/v1/policies", "/api/v1/policies/*/versions",
                    "/api/v1/policies/*/gray-report", "/api/v1/policy-routing"),
            // The consumer-experience report and the live dashboard's figures.
            rule(GET, roles(Role.OPERATOR), "/api/v1/reports/consumer-experience", "/api/v1/reports/live"),
            rule(POST, roles(Role.OPERATOR), "/api/v1/policies/*/versions", "/api/v1/policies/*/versions/*/promote",
                    "/api/v1/policies/*/versions/*/rollback", "/api/v1/policies/*/what-if"));

    private AccessTable() {
    }

    private static Rule rule(HttpMethod method, Set<Role> roles, String... paths) {
        return new Rule(method, roles, List.of(paths));
    }

    private static Set<Role> roles(Role... roles) {
        return EnumSet.copyOf(Arrays.asList(roles));
    }

    /** Why the table refused a request. */
    sealed interface Refusal {
        /** The table lists this method on this path, but for other roles, or for callers with a valid token. */
        record CallerNotListed() implements Refusal {
        }

        /** The path is in the table, but only under {@code allowed}. */
        record MethodNotListed(Set<String> allowed) implements Refusal {
        }

        /** No row names this path. */
        record PathNotListed() implements Refusal {
        }
    }

    static Refusal refusalOf(HttpServletRequest request) {
        var allowed = new TreeSet<String>();
        for (Rule rule : RULES) {
            for (String path : rule.paths()) {
                if (MATCHERS.matcher(path).matches(request)) {
                    if (rule.method().matches(request.getMethod())) {
                        return new Refusal.CallerNotListed();
                    }
                    allowed.add(rule.method().name());
                }
            }
        }
        return allowed.isEmpty() ? new Refusal.PathNotListed() : new Refusal.MethodNotListed(allowed);
    }
}
