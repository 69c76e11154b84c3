package dev.fawkes.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void writesALineWithoutBreaksAndTheSameValuesIndented() {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("input", "a\n\"b\".png");
    entry.put("faces", List.of(Map.of("score", 0.5), Map.of("box", List.of(1, 2))));
    entry.put("seconds", Double.NaN);
    entry.put("ok", true);
    assertThat(Json.line(entry))
        .isEqualTo("{\"input\":\"a\\n\\\"b\\\".png\",\"faces\":[{\"score\":0.500000},{\"box\":[1,2]}],\"seconds\":null,\"ok\":true}");
    assertThat(Json.write(entry).replaceAll("\\s", "")).isEqualTo(Json.line(entry).replaceAll("\\s", ""));
    assertThat(Json.write(entry)).contains("\n  \"faces\": [").endsWith("}\n");
  }
}
