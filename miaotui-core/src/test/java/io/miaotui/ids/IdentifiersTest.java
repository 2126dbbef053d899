package io.miaotui.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @ParameterizedTest(name = "[{index}] null or empty")
    @NullAndEmptySource
    void a_missing_or_empty_id_is_required(String value) {
        assertThat(Identifiers.problemWith(value)).isEqualTo("is required");
        assertThatThrownBy(() -> Identifiers.require("orderId", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("orderId is required");
    }

    @Test
    void sixty_four_characters_are_accepted() {
        String value = "a".repeat(64);
        assertThat(Identifiers.problemWith(value)).isNull();
        assertThat(Identifiers.require("lineId", value)).isSameAs(value);
    }

    @Test
    void sixty_five_characters_are_rejected() {
        String value = "a".repeat(65);
        assertThat(Identifiers.problemWith(value)).isEqualTo("must be at most 64 characters");
        assertThatThrownBy(() -> Identifiers.require("lineId", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lineId must be at most 64 characters");
    }

    @ParameterizedTest(name = "[{index}] an id with a control character")
    @ValueSource(strings = {"a\u0000b", "a\nb", "a\u007fb", "a\rb", "a\tb", "a\u001bb", "a\u0085b", "ab\u0000", "\u0000ab"})
    void control_characters_anywhere_are_rejected(String value) {
        assertThat(Identifiers.problemWith(value)).isNotNull();
        assertThatThrownBy(() -> Identifiers.require("shopId", value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_inner_control_character_is_reported_as_such() {
        assertThat(Identifiers.problemWith("a\u0000b")).isEqualTo("must not contain control or invisible formatting characters");
        assertThat(Identifiers.problemWith("a\u007fb")).isEqualTo("must not contain control or invisible formatting characters");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {" a", "a ", " a ", "\ta", "a\n", "\u3000a", "a\u2003", " "})
    void leading_or_trailing_white_space_is_rejected(String value) {
        assertThat(Identifiers.problemWith(value)).isNotNull();
        assertThatThrownBy(() -> Identifiers.require("buyerId", value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_leading_space_is_reported_as_surrounding_white_space() {
        assertThat(Identifiers.problemWith(" order-1")).isEqualTo("must not start or end with white space");
        assertThat(Identifiers.problemWith("order-1 ")).isEqualTo("must not start or end with white space");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"a", "order-2024-0001", "订单-1", "a b", "A_B.C:D/E", "x"})
    void ordinary_ids_including_inner_spaces_and_non_ascii_letters_are_accepted(String value) {
        assertThat(Identifiers.problemWith(value)).isNull();
    }

    @Test
    void the_maximum_length_is_sixty_four() {
        assertThat(Identifiers.MAX_LENGTH).isEqualTo(64);
    }

    @Test
    void invisible_spaces_around_or_inside_an_id_are_rejected() {
        assertThat(Identifiers.problemWith("\u00A0order-1")).isEqualTo("must not start or end with white space");
        assertThat(Identifiers.problemWith("order\u200B-1")).isNotNull();
        assertThat(Identifiers.problemWith("order\u200B")).isNotNull();
        assertThat(Identifiers.problemWith("订单-1")).isNull();
    }
}
