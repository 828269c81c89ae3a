package io.sluice.connectors.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.pekko.util.ByteString;

/** Decodes JSON Lines records: one object per record, features are its numeric members. */
public final class JsonLinesDecoder extends RecordDecoder {
  private static final ObjectReader READER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build().reader();

  private final List<String> features;
  private final List<String> carried;
  private final AsciiNames featureNames;
  private final AsciiNames carriedNames;
  /** For a name's first place in a list, every place it holds there: a column may be selected twice. */
  private final int[][] featurePlaces;
  private final int[][] carriedPlaces;
  private final boolean fastPath;

  private JsonLinesDecoder(List<String> features, List<String> carried, boolean fastPath) {
    this.features = features;
    this.carried = carried;
    this.featureNames = new AsciiNames(features);
    this.carriedNames = new AsciiNames(carried);
    this.featurePlaces = places(features);
    this.carriedPlaces = places(carried);
    this.fastPath = fastPath;
  }

  private static int[][] places(List<String> names) {
    int[][] places = new int[names.size()][];
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      places[i] = IntStream.range(0, names.size()).filter(j -> names.get(j).equals(name)).toArray();
    }
    return places;
  }

  public static JsonLinesDecoder create(ColumnSelection columns) {
    return new JsonLinesDecoder(List.copyOf(columns.features()), List.copyOf(columns.carried()), true);
  }

  /** The decoder with every record through Jackson: what the fast path must agree with, for tests. */
  static JsonLinesDecoder withoutFastPath(ColumnSelection columns) {
    return new JsonLinesDecoder(List.copyOf(columns.features()), List.copyOf(columns.carried()), false);
  }

  @Override
  int featureCount() {
    return features.size();
  }

  @Override
  String[] decodeInto(DecodedBatchBuilder batch, RawRecord record)
      throws MalformedRecordException {
    if (record.truncated()) throw new MalformedRecordException(FeatureValues.tooLong(record));
    String[] plain = fastPath ? decodePlainInto(batch, record.bytes()) : null;
    return plain != null ? plain : decodeTreeInto(batch, record);
  }

  /**
   * Decodes the common record, a flat object of plain ASCII whose features are numbers and whose carried members
   * are strings without escapes, {@code true}, {@code false} or {@code null}, straight from its bytes; null for any
   * other, which {@link #decodeTreeInto} then decodes in full, overwriting whatever features this wrote.
   */
  String[] decodePlainInto(DecodedBatchBuilder batch, ByteString record) {
    byte[] bytes = record.toArrayUnsafe();
    boolean[] found = new boolean[features.size()];
    String[] values = new String[carried.size()];
    // Members are taken in order and a later one of the same name replaces the earlier, as in Jackson's tree.
    boolean plain = AsciiJsonMembers.walk(bytes, record.size(), (keyFrom, keyTo, kind, valueFrom, valueTo) -> {
      int feature = featureNames.find(bytes, keyFrom, keyTo);
      if (feature >= 0) {
        if (kind != AsciiJsonMembers.Kind.NUMBER && kind != AsciiJsonMembers.Kind.INTEGER) return false;
        float value = AsciiFloats.parseViaDouble(bytes, valueFrom, valueTo);
        if (!Float.isFinite(value)) return false;
        // Jackson reads an integer as an integer, and integer zero has no sign.
        float number = kind == AsciiJsonMembers.Kind.INTEGER && value == 0 ? 0f : value;
        for (int place : featurePlaces[feature]) {
          batch.feature(place, number);
          found[place] = true;
        }
      }
      int column = carriedNames.find(bytes, keyFrom, keyTo);
      if (column >= 0) {
        // Jackson renders a number carried as text in its own notation: left to it.
        if (kind == AsciiJsonMembers.Kind.NUMBER || kind == AsciiJsonMembers.Kind.INTEGER) return false;
        String text = switch (kind) {
          case STRING -> new String(bytes, valueFrom, valueTo - valueFrom, StandardCharsets.ISO_8859_1);
          case TRUE -> "true";
          case FALSE -> "false";
          default -> "";
        };
        for (int place : carriedPlaces[column]) values[place] = text;
      }
      return true;
    });
    if (!plain) return null;
    for (boolean present : found) if (!present) return null;
    for (int i = 0; i < values.length; i++) if (values[i] == null) values[i] = "";
    return values;
  }

  private String[] decodeTreeInto(DecodedBatchBuilder batch, RawRecord record)
      throws MalformedRecordException {
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
