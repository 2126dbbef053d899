package io.miaotui.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.bench.MiniJson;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonOutTest {
    @Test
    void whatIsWrittenReadsBackAsTheSameValues() {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("lines", 1_000_000L);
        point.put("ratio", 0.4567);
        point.put("label", "say \"storm\"\n");
        point.put("ok", true);
        point.put("missing", null);
        point.put("nan", Double.NaN);
        point.put("latencyMs", List.of(1.5, 20.0, Map.of()));

        Object read = MiniJson.parse(JsonOut.write(Map.of("points", List.of(point), "empty", List.of())));

        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) read).get("points")).getFirst();
        assertThat(back.get("lines")).isEqualTo(new BigDecimal("1000000"));
        assertThat(back.get("ratio")).isEqualTo(new BigDecimal("0.457"));
        assertThat(back.get("label")).isEqualTo("say \"storm\"\n");
        assertThat(back.get("ok")).isEqualTo(true);
        assertThat(back).containsEntry("missing", null).containsEntry("nan", null);
        assertThat(back.get("latencyMs")).isEqualTo(List.of(new BigDecimal("1.5"), new BigDecimal("20"), Map.of()));
        assertThat(((Map<?, ?>) read).get("empty")).isEqualTo(List.of());
    }

    @Test
    void fieldsKeepTheirOrder() {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("z", 1);
        ordered.put("a", 2);
        assertThat(JsonOut.write(ordered)).isEqualTo("{\n  \"z\": 1,\n  \"a\": 2\n}\n");
    }
}
