package io.miaotui.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miaotui.order.BuyerId;
import io.miaotui.order.OrderId;
import io.miaotui.shop.ShopId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountTest {

    @Nested
    class Naming {

        @Test
        void a_buyer_account_is_named_buyer_colon_the_buyer_id() {
            assertThat(Account.buyer(new BuyerId("B-1")).name()).isEqualTo("buyer:B-1");
        }

        @Test
        void an_escrow_account_is_named_escrow_colon_the_order_id() {
            assertThat(Account.escrow(new OrderId("O-1")).name()).isEqualTo("escrow:O-1");
        }

        @Test
        void a_merchant_account_is_named_merchant_colon_the_shop_id() {
            assertThat(Account.merchantPayable(new ShopId("S-1")).name()).isEqualTo("merchant:S-1");
        }

        @Test
        void the_two_platform_accounts_have_fixed_names() {
            assertThat(Account.REFUNDS_IN_FLIGHT.name()).isEqualTo("refunds-in-flight");
            assertThat(Account.GATEWAY_CLEARING.name()).isEqualTo("gateway-clearing");
        }

        @Test
        void an_account_prints_as_its_name() {
            assertThat(Account.escrow(new OrderId("O-1"))).hasToString("escrow:O-1");
        }

        @Test
        void the_same_order_always_gives_the_same_escrow_account_and_different_orders_different_ones() {
            assertThat(Account.escrow(new OrderId("O-1"))).isEqualTo(Account.escrow(new OrderId("O-1")));
            assertThat(Account.escrow(new OrderId("O-1"))).isNotEqualTo(Account.escrow(new OrderId("O-2")));
        }

        @Test
        void an_account_needs_a_name() {
            assertThatThrownBy(() -> new Account(null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    class Parsing {

        @ParameterizedTest
        @ValueSource(strings = {"buyer:B-1", "escrow:O-1", "merchant:S-1", "refunds-in-flight", "gateway-clearing", "offline-refunds"})
        void every_form_of_account_name_parses_back_to_that_account(String name) {
            assertThat(Account.parse(name).name()).isEqualTo(name);
        }

        @Test
        void parsing_a_factory_made_name_gives_an_equal_account() {
            assertThat(Account.parse("buyer:B-1")).isEqualTo(Account.buyer(new BuyerId("B-1")));
            assertThat(Account.parse("escrow:O-1")).isEqualTo(Account.escrow(new OrderId("O-1")));
            assertThat(Account.parse("merchant:S-1")).isEqualTo(Account.merchantPayable(new ShopId("S-1")));
            assertThat(Account.parse("refunds-in-flight")).isEqualTo(Account.REFUNDS_IN_FLIGHT);
            assertThat(Account.parse("gateway-clearing")).isEqualTo(Account.GATEWAY_CLEARING);
        }

        @Test
        void an_id_of_exactly_sixty_four_characters_is_accepted() {
            String id = "x".repeat(64);

            assertThat(Account.parse("escrow:" + id).name()).isEqualTo("escrow:" + id);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "wallet:1", "escrow:", "escrow: x", "escrow:x ", "buyer:", "merchant:", "", "refunds-in-flight ",
            "Escrow:O-1", "gateway", "escrow:a\u200Bb"
        })
        void names_of_no_known_account_are_refused_with_the_list_of_forms(String name) {
            assertThatThrownBy(() -> Account.parse(name))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("escrow:{orderId}")
                    .hasMessageContaining("refunds-in-flight");
        }

        @Test
        void an_id_of_sixty_five_characters_is_refused() {
            String id = "x".repeat(65);

            assertThatThrownBy(() -> Account.parse("escrow:" + id)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Account.parse("buyer:" + id)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void null_is_refused_as_an_unknown_account_not_a_null_pointer() {
            assertThatThrownBy(() -> Account.parse(null)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Escrow {

        @Test
        void only_an_order_escrow_account_is_escrow() {
            assertThat(Account.escrow(new OrderId("O-1")).isEscrow()).isTrue();
            assertThat(Account.parse("escrow:O-1").isEscrow()).isTrue();

            assertThat(Account.buyer(new BuyerId("B-1")).isEscrow()).isFalse();
            assertThat(Account.merchantPayable(new ShopId("S-1")).isEscrow()).isFalse();
            assertThat(Account.REFUNDS_IN_FLIGHT.isEscrow()).isFalse();
            assertThat(Account.GATEWAY_CLEARING.isEscrow()).isFalse();
        }

        @Test
        void an_id_that_merely_mentions_escrow_does_not_make_an_escrow_account() {
            assertThat(Account.buyer(new BuyerId("escrow:O-1")).isEscrow()).isFalse();
        }
    }
}
