package io.miaotui.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.ApiTestBase;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code /actuator/health} is open to load balancers, but what is inside (database, payout worker) is for operators. */
class HealthDetailsTest extends ApiTestBase {

    @Test
    @DisplayName("without a token, or as a buyer, merchant or the order system: only the status; as an operator: the components")
    void detailsForOperatorsOnly() {
        var callers = new java.util.LinkedHashMap<String, String>();
        callers.put("anonymous", null);
        callers.put("buyer", api.actors().buyer("B-health"));
        callers.put("merchant", api.actors().merchant("S-health"));
        callers.put("order system", api.actors().orderSystem());
        for (var caller : callers.entrySet()) {
            var reply = api.as(caller.getValue()).get("/actuator/health");
            assertThat(reply.status()).as(caller.getKey()).isEqualTo(200);
            assertThat(reply.text("status")).as(caller.getKey()).isEqualTo("UP");
            // The names of the probe groups (liveness, readiness) may show; nothing from inside does.
            assertThat(reply.body().keySet()).as(caller.getKey()).isSubsetOf(Set.of("status", "groups"));
        }

        var operator = api.as(api.actors().operator()).get("/actuator/health");
        assertThat(operator.status()).isEqualTo(200);
        assertThat(operator.text("status")).isEqualTo("UP");
        assertThat(operator.map("components")).as("operator").containsKey("db");
    }
}
