package io.sluice.connectors.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The lines of an errors file: valid JSON, escaped, with the record text capped. */
class ErrorLinesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void writesOneJsonLineSayingWhereAndWhy() throws Exception {
    BadRecord bad = new BadRecord(120, 3, "feature 'x' is not a number: 'a\"b'", "1,a\"b,\t\u0002");
    String line = ErrorLines.encode("file:///data/in.csv", bad, 45).utf8String();
    assertTrue(line.endsWith("}\n"));
    assertEquals(1, line.split("\n").length);
    JsonNode node = JSON.readTree(line);
    assertEquals("file:///data/in.csv", node.get("file").textValue());
    assertEquals(45, node.get("line").longValue());
    assertEquals(120, node.get("offset").longValue());
    assertEquals("feature 'x' is not a number: 'a\"b'", node.get("error").textValue());
    assertEquals("1,a\"b,\t\u0002", node.get("record").textValue());
  }

  @Test
  void keepsAtMostOneKibibyteOfTheRecord() throws Exception {
    BadRecord bad = new BadRecord(0, 1, "too long", "€".repeat(2000));
    String record =
        JSON.readTree(ErrorLines.encode("file:///x", bad, 1).utf8String())
            .get("record")
            .textValue();
    assertEquals("€".repeat(341), record);
    assertTrue(record.getBytes(StandardCharsets.UTF_8).length <= 1024);
  }
}
