package io.miaotui.gatewaysim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
    @Test
    void aFlatObjectIsReadWithEveryKindOfScalar() {
        Map<String, Object> object = JsonReader.parse(
                " {\"s\":\"a\\\"b\\u00e9\\n\", \"n\": -12.5e1, \"z\":0, \"t\":true, \"f\":false, \"x\":null} ");

        assertThat(object).containsEntry("s", "a\"bé\n")
                .containsEntry("n", new BigDecimal("-12.5e1"))
                .containsEntry("z", BigDecimal.ZERO)
                .containsEntry("t", true)
                .containsEntry("f", false)
                .containsEntry("x", null);
        assertThat(object.keySet()).containsExactly("s", "n", "z", "t", "f", "x");
    }

    @Test
    void oneLevelOfArrayOfFlatObjectsIsRead() {
        Map<String, Object> object = JsonReader.parse("{\"refunds\":[{\"a\":\"1\"},{\"a\":\"2\",\"n\":3}],\"k\":1}");

        assertThat(object.get("refunds")).isEqualTo(List.of(Map.of("a", "1"), Map.of("a", "2", "n", BigDecimal.valueOf(3))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"s\"", "{", "{\"a\":}", "{\"a\":1,}", "{\"a\":{\"b\":1}}",
            "{\"a\":[1,2]}", "{\"a\":[{\"b\":[]}]}", "{\"a\":1} x", "{\"a\":01}", "{\"a\":1.}", "{\"a\":+1}",
            "{\"a\":\"\\x\"}", "{\"a\":\"tab\there\"}", "{\"a\":1,\"a\":2}", "{a:1}", "{\"a\":tru}",
            "{\"a\":1e99999999999}"})
    void anythingElseIsRefused(String text) {
        assertThatThrownBy(() -> JsonReader.parse(text)).isInstanceOf(JsonReader.MalformedJson.class);
    }

    @Test
    void whatTheWriterWritesTheReaderReadsBack() {
        String json = JsonWriter.object().put("s", "quote \" backslash \\ control \u0001").put("n", 42L)
                .put("d", 0.25).put("rows", List.of(JsonWriter.object().put("a", "b"))).put("none", (String) null)
                .toJson();

        assertThat(JsonReader.parse(json))
                .containsEntry("s", "quote \" backslash \\ control \u0001")
                .containsEntry("n", BigDecimal.valueOf(42))
                .containsEntry("d", new BigDecimal("0.25"))
                .containsEntry("rows", List.of(Map.of("a", "b")))
                .containsEntry("none", null);
    }

    @Test
    void theWriterKeepsFieldsInTheOrderWritten() {
        assertThat(JsonWriter.object().put("b", 1L).put("a", "x").put("empty", List.of()).toJson())
                .isEqualTo("{\"b\":1,\"a\":\"x\",\"empty\":[]}");
    }
}
