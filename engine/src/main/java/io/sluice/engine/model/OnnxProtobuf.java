package io.sluice.engine.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the little of an ONNX file's protobuf that ONNX Runtime's Java API does not tell: whether the bytes are an
 * ONNX model at all (for {@code format = auto}), and the class labels a classifier's nodes carry (ZipMap,
 * LinearClassifier, TreeEnsembleClassifier, SVMClassifier: {@code classlabels_strings}, {@code classlabels_int64s},
 * {@code classlabels_ints}), which name the {@code p_<label>} columns in the model's class order.
 *
 * <p>Field numbers from onnx.proto: ModelProto.graph = 7; GraphProto.node = 1; NodeProto.output = 2, op_type = 4,
 * attribute = 5; AttributeProto.name = 1, ints = 8, strings = 9.
 */
final class OnnxProtobuf {
  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  /** One node of the graph: its operator, its outputs, and its class labels when it has any. */
  record Node(String opType, List<String> outputs, List<String> classLabels) {}

  private final byte[] bytes;
  private int position;
  private final int end;

  private OnnxProtobuf(byte[] bytes, int start, int end) {
    this.bytes = bytes;
    this.position = start;
    this.end = end;
  }

  /**
   * Whether {@code bytes} start as a ModelProto does: its first fields are ModelProto's with their wire types
   * (writers put {@code ir_version}, field 1, first). A file cut short after a known first field still counts, so
   * that ONNX Runtime, not a guess, says what is wrong with it.
   */
  static boolean looksLikeModel(byte[] bytes) {
    OnnxProtobuf reader = new OnnxProtobuf(bytes, 0, bytes.length);
    int fields = 0;
    try {
      for (; fields < 4 && reader.position < reader.end; fields++) {
        long tag = reader.varint();
        int field = (int) (tag >>> 3);
        int wireType = (int) (tag & 7);
        boolean known = switch (field) {
          case 1, 5 -> wireType == VARINT;
          case 2, 3, 4, 6, 7, 8, 14, 20, 25 -> wireType == LENGTH_DELIMITED;
          default -> false;
        };
        if (!known) return false;
        reader.skip(wireType);
      }
      return fields > 0;
    } catch (IndexOutOfBoundsException e) {
      return fields > 0 || (bytes.length > 0 && bytes[0] == (1 << 3 | VARINT));
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** The graph's nodes in file order; empty when the bytes cannot be read this far (ONNX Runtime then says why). */
  static List<Node> nodes(byte[] bytes) {
    List<Node> nodes = new ArrayList<>();
    try {
      OnnxProtobuf model = new OnnxProtobuf(bytes, 0, bytes.length);
      while (model.position < model.end) {
        long tag = model.varint();
        if (tag == (7 << 3 | LENGTH_DELIMITED)) {
          OnnxProtobuf graph = model.message();
          while (graph.position < graph.end) {
            long graphTag = graph.varint();
            if (graphTag == (1 << 3 | LENGTH_DELIMITED)) nodes.add(graph.message().node());
            else graph.skip((int) (graphTag & 7));
          }
        } else {
          model.skip((int) (tag & 7));
        }
      }
    } catch (IndexOutOfBoundsException | IllegalStateException e) {
      return List.of();
    }
    return nodes;
  }

  private Node node() {
    String opType = "";
    List<String> outputs = new ArrayList<>();
    Map<String, List<String>> labels = new LinkedHashMap<>();
    while (position < end) {
      long tag = varint();
      switch ((int) tag) {
        case 2 << 3 | LENGTH_DELIMITED -> outputs.add(string());
        case 4 << 3 | LENGTH_DELIMITED -> opType = string();
        case 5 << 3 | LENGTH_DELIMITED -> message().attribute(labels);
        default -> skip((int) (tag & 7));
      }
    }
    List<String> classLabels = labels.values().stream().filter(l -> !l.isEmpty()).findFirst().orElse(List.of());
    return new Node(opType, outputs, classLabels);
  }

  /** Adds the attribute's values to {@code labels} when it is one of the class-label attributes. */
  private void attribute(Map<String, List<String>> labels) {
    String name = null;
    List<String> values = new ArrayList<>();
    while (position < end) {
      long tag = varint();
      switch ((int) tag) {
        case 1 << 3 | LENGTH_DELIMITED -> name = string();
        case 8 << 3 | VARINT -> values.add(Long.toString(varint()));
        case 8 << 3 | LENGTH_DELIMITED -> {
          OnnxProtobuf packed = message();
          while (packed.position < packed.end) values.add(Long.toString(packed.varint()));
        }
        case 9 << 3 | LENGTH_DELIMITED -> values.add(string());
        default -> skip((int) (tag & 7));
      }
    }
    if (name != null && name.startsWith("classlabels_")) labels.put(name, values);
  }

  private long varint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (position >= end) throw new IndexOutOfBoundsException(position);
      byte b = bytes[position++];
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) return value;
    }
    throw new IllegalStateException("varint longer than 10 bytes");
  }

  private OnnxProtobuf message() {
    int length = Math.toIntExact(varint());
    int start = position;
    if (length < 0) throw new IllegalStateException("negative length");
    if (start + length > end) throw new IndexOutOfBoundsException("field runs past the end");
    position += length;
    return new OnnxProtobuf(bytes, start, start + length);
  }

  private String string() {
    OnnxProtobuf field = message();
    return new String(bytes, field.position, field.end - field.position, StandardCharsets.UTF_8);
  }

  private void skip(int wireType) {
    switch (wireType) {
      case VARINT -> varint();
      case FIXED64 -> position = checked(position + 8);
      case LENGTH_DELIMITED -> message();
      case FIXED32 -> position = checked(position + 4);
      default -> throw new IllegalStateException("wire type " + wireType);
    }
  }

  private int checked(int index) {
    if (index > end || index < 0) throw new IndexOutOfBoundsException(index);
    return index;
  }
}
