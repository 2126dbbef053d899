package io.miaotui.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miaotui.shop.Channel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyRoutingTest {

    @Test
    void the_default_routing_sends_each_channel_to_its_own_current_rule() {
        PolicyRouting routing = PolicyRouting.defaults();

        assertThat(routing.policyFor(Channel.TMALL).key()).isEqualTo(DefaultPolicies.TMALL_UNSHIPPED);
        assertThat(routing.policyFor(Channel.TAOBAO).key()).isEqualTo(DefaultPolicies.TAOBAO_UNSHIPPED);
    }

    @Test
    void a_channel_can_be_routed_back_to_the_legacy_rule() {
        PolicyRouting routing = PolicyRouting.of(
                Map.of(Channel.TMALL, DefaultPolicies.TMALL_UNSHIPPED, Channel.TAOBAO, DefaultPolicies.LEGACY_2H_200),
                DefaultPolicies.all());

        assertThat(routing.policyFor(Channel.TAOBAO).key()).isEqualTo("legacy-2h-200");
        assertThat(routing.policyFor(Channel.TMALL).key()).isEqualTo("tmall-unshipped");
    }

    @Test
    void a_channel_without_a_route_is_rejected_naming_the_channel() {
        assertThatThrownBy(() -> PolicyRouting.of(Map.of(Channel.TMALL, DefaultPolicies.TMALL_UNSHIPPED),
                DefaultPolicies.all()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TAOBAO");
    }

    @Test
    void an_empty_routing_is_rejected() {
        assertThatThrownBy(() -> PolicyRouting.of(Map.of(), DefaultPolicies.all()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_route_to_an_unknown_policy_key_is_rejected_naming_the_key() {
        assertThatThrownBy(() -> PolicyRouting.of(
                Map.of(Channel.TMALL, DefaultPolicies.TMALL_UNSHIPPED, Channel.TAOBAO, "taobao-unshipped-v2"),
                DefaultPolicies.all()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("taobao-unshipped-v2")
                .hasMessageContaining("TAOBAO");
    }

    @Test
    void a_route_to_a_key_missing_from_the_given_policies_is_rejected() {
        assertThatThrownBy(() -> PolicyRouting.of(
                Map.of(Channel.TMALL, DefaultPolicies.TMALL_UNSHIPPED, Channel.TAOBAO, DefaultPolicies.TAOBAO_UNSHIPPED),
                List.of(DefaultPolicies.tmallUnshipped())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("taobao-unshipped");
    }

    @Test
    void later_changes_to_the_given_map_do_not_change_the_routing() {
        var keys = new java.util.EnumMap<Channel, String>(Channel.class);
        keys.put(Channel.TMALL, DefaultPolicies.TMALL_UNSHIPPED);
        keys.put(Channel.TAOBAO, DefaultPolicies.TAOBAO_UNSHIPPED);
        PolicyRouting routing = PolicyRouting.of(keys, DefaultPolicies.all());

        keys.put(Channel.TAOBAO, DefaultPolicies.LEGACY_2H_200);

        assertThat(routing.policyFor(Channel.TAOBAO).key()).isEqualTo(DefaultPolicies.TAOBAO_UNSHIPPED);
    }

    @Test
    void two_policies_with_one_key_are_a_configuration_error() {
        var policies = List.of(DefaultPolicies.tmallUnshipped(), DefaultPolicies.tmallUnshipped(),
                DefaultPolicies.taobaoUnshipped());
        assertThatThrownBy(() -> PolicyRouting.of(Map.of(Channel.TMALL, DefaultPolicies.TMALL_UNSHIPPED,
                Channel.TAOBAO, DefaultPolicies.TAOBAO_UNSHIPPED), policies))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tmall-unshipped");
    }
}
