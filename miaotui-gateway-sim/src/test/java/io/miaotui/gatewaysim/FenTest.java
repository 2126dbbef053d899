package io.miaotui.gatewaysim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FenTest {
    @ParameterizedTest
    @CsvSource({"40, 4000", "40.5, 4050", "40.50, 4050", "40.05, 4005", "0.01, 1", "0, 0", "007.10, 710",
            "9999999999999.99, 999999999999999"})
    void yuanWithUpToTwoDecimalsIsReadAsWholeFen(String yuan, long fen) {
        assertThat(Fen.parse(yuan)).isEqualTo(fen);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "40.123", "-1", "+1", "1e3", "40.", ".5", "4 0", "40,00", "0x10", "NaN",
            "١٢", "10000000000000"})
    void anythingElseIsRefused(String yuan) {
        assertThatThrownBy(() -> Fen.parse(yuan)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fenIsWrittenAsYuanWithExactlyTwoDecimals() {
        assertThat(Fen.format(4000)).isEqualTo("40.00");
        assertThat(Fen.format(4050)).isEqualTo("40.50");
        assertThat(Fen.format(4005)).isEqualTo("40.05");
        assertThat(Fen.format(1)).isEqualTo("0.01");
        assertThat(Fen.format(0)).isEqualTo("0.00");
    }

    @Test
    void aNegativeAmountCannotBeWritten() {
        assertThatThrownBy(() -> Fen.format(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
