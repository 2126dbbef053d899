package io.miaotui.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniJsonTest {

    @Test
    void readsTopLevelFieldsNotNestedOnes() {
        String json = """
                {"decision": {"status": "NESTED", "instant": true},
                 "refundId": "rf-1", "status": "APPROVED", "paidAt": null, "amount": "12.50"}
                """;

        assertThat(MiniJson.stringField(json, "status")).contains("APPROVED");
        assertThat(MiniJson.stringField(json, "refundId")).contains("rf-1");
        assertThat(MiniJson.stringField(json, "paidAt")).isEmpty();
        assertThat(MiniJson.stringField(json, "missing")).isEmpty();
    }

    @Test
    void readsEveryKindOfValue() {
        Object value = MiniJson.parse("[1, -2.5e3, \"a\\\"b\\u00e9\\n\", true, false, null, {}, []]");

        assertThat(value).isEqualTo(java.util.Arrays.asList(new BigDecimal("1"), new BigDecimal("-2.5e3"),
                "a\"b\u00e9\n", true, false, null, Map.of(), List.of()));
    }

    @Test
    void malformedOrNonObjectBodiesHaveNoFields() {
        assertThat(MiniJson.stringField("", "status")).isEmpty();
        assertThat(MiniJson.stringField("<html>502 Bad Gateway</html>", "status")).isEmpty();
        assertThat(MiniJson.stringField("{\"status\": \"PAID\"", "status")).isEmpty();
        assertThat(MiniJson.stringField("[\"status\"]", "status")).isEmpty();
        assertThatThrownBy(() -> MiniJson.parse("{} x")).isInstanceOf(MiniJson.JsonException.class);
    }

    @Test
    void quotesWhatItWrites() {
        assertThat(MiniJson.quote("say \"hi\"\\\n\u0001")).isEqualTo("\"say \\\"hi\\\"\\\\\\n\\u0001\"");
        assertThat(MiniJson.parse(MiniJson.quote("往返 \"x\"\t"))).isEqualTo("往返 \"x\"\t");
    }
}
