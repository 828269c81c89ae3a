package io.sluice.connectors.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** Decodes JSON Lines records: one object per record, features are its numeric members. */
public final class JsonLinesDecoder extends RecordDecoder {
  private static final ObjectReader READER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build().reader();

  private final List<String> features;
  private final List<String> carried;

  private JsonLinesDecoder(List<String> features, List<String> carried) {
    this.features = features;
    this.carried = carried;
  }

  public static JsonLinesDecoder create(ColumnSelection columns) {
    return new JsonLinesDecoder(List.copyOf(columns.features()), List.copyOf(columns.carried()));
  }

  @Override
  int featureCount() {
    return features.size();
  }

  @Override
  String[] decodeInto(DecodedBatchBuilder batch, RawRecord record)
      throws MalformedRecordException {
    if (record.truncated()) throw new MalformedRecordException(FeatureValues.tooLong(record));
    JsonNode object = parseObject(record);
    for (int i = 0; i < features.size(); i++) {
      String name = features.get(i);
      JsonNode value = object.get(name);
      if (value == null) throw new MalformedRecordException("feature '" + name + "' is missing");
      if (!value.isNumber()) {
        throw new MalformedRecordException(
            "feature '"
                + name
                + "' is not a number: "
                + FeatureValues.abbreviate(value.toString()));
      }
      float number = value.floatValue();
      if (!Float.isFinite(number))
        throw FeatureValues.notFinite(name, FeatureValues.abbreviate(value.toString()));
      batch.feature(i, number);
    }
    String[] values = new String[carried.size()];
    for (int i = 0; i < values.length; i++) values[i] = asText(object.get(carried.get(i)));
    return values;
  }

  private static JsonNode parseObject(RawRecord record) throws MalformedRecordException {
    // Jackson guesses the encoding per input and checks member names' UTF-8 only the first time
    // it meets a name; a line is decoded strictly here so that no bad byte passes as text.
    String text = Utf8.strict(record.bytes());
    JsonNode node;
    try {
      node = READER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MalformedRecordException("not a JSON object: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedRecordException("not a JSON object: " + e.getMessage());
    }
    if (node == null || node.isMissingNode())
      throw new MalformedRecordException("not a JSON object: no JSON value");
    if (!node.isObject()) {
      throw new MalformedRecordException(
          "not a JSON object: found " + node.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return node;
  }

  /**
   * Text as it is, other values as JSON text, absent or null as empty: what a CSV cell would hold.
   */
  private static String asText(JsonNode value) {
    if (value == null || value.isNull()) return "";
    return value.isTextual() ? value.textValue() : value.toString();
  }
}
