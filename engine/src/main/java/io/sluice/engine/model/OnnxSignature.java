package io.sluice.engine.model;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What Sluice feeds an ONNX model and reads back, found before the run (contract §8): the one float (or double)
 * {@code [N, F]} input; the output whose values are written (a float tensor {@code [N, K]} or {@code [N]}, or a
 * ZipMap's {@code seq(map(int64|string, float))}); for {@code label}, the model's own int64/string label output;
 * and the class labels in the model's class order. Anything else is refused naming the job key it is about.
 */
record OnnxSignature(
    String input,
    boolean doubleInput,
    int inputWidth,
    String values,
    ValueKind valueKind,
    int valueWidth,
    String label,
    List<String> classLabels) {

  static final String INPUT_KEY = "job.model.onnx.input";
  static final String OUTPUT_KEY = "job.model.onnx.output";

  /** How the written output holds its values. */
  enum ValueKind { FLOAT_TENSOR, DOUBLE_TENSOR, ZIP_MAP }

  /** Discovers the signature of {@code session}, whose graph's nodes are {@code nodes}. */
  static OnnxSignature of(OrtSession session, List<OnnxProtobuf.Node> nodes, ModelSettings settings)
      throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    String input = input(inputs, settings.onnx().input());
    TensorInfo inputInfo = (TensorInfo) inputs.get(input).getInfo();
    String values = values(outputs, settings.onnx().output());
    ValueInfo valueInfo = outputs.get(values).getInfo();
    ValueKind kind = valueInfo instanceof SequenceInfo ? ValueKind.ZIP_MAP
        : ((TensorInfo) valueInfo).type == OnnxJavaType.DOUBLE ? ValueKind.DOUBLE_TENSOR : ValueKind.FLOAT_TENSOR;
    List<String> classLabels = classLabels(nodes, values, kind);
    int valueWidth = kind == ValueKind.ZIP_MAP ? classLabels.size() : width(values, (TensorInfo) valueInfo, outputs);
    if (kind == ValueKind.ZIP_MAP && valueWidth == 0) {
      throw ModelLoadException.about(OUTPUT_KEY, "the ZipMap output '" + values + "' comes from no ZipMap node with "
          + "class labels, so its columns cannot be named");
    }
    if (classLabels.size() != valueWidth) classLabels = List.of();
    String label = settings.output() == OutputMode.LABEL && !classLabels.isEmpty() ? labelOutput(outputs) : null;
    long width = inputInfo.getShape()[1];
    return new OnnxSignature(input, inputInfo.type == OnnxJavaType.DOUBLE, width > 0 ? Math.toIntExact(width) : -1,
        values, kind, valueWidth, label, classLabels);
  }

  /** The input to feed: the named one or the only one, a float or double tensor {@code [N, F]}. */
  private static String input(Map<String, NodeInfo> inputs, String named) {
    if (!named.isEmpty() && !inputs.containsKey(named)) {
      throw ModelLoadException.about(INPUT_KEY, "'" + named + "' is not an input of the model; its inputs: "
          + describe(inputs));
    }
    if (inputs.size() != 1) {
      throw ModelLoadException.about(INPUT_KEY, "the model has " + inputs.size() + " inputs (" + describe(inputs)
          + "); Sluice feeds one float [N, F] input with the job's features");
    }
    String input = inputs.keySet().iterator().next();
    ValueInfo info = inputs.get(input).getInfo();
    if (!(info instanceof TensorInfo tensor) || tensor.getShape().length != 2
        || (tensor.type != OnnxJavaType.FLOAT && tensor.type != OnnxJavaType.DOUBLE)) {
      throw ModelLoadException.about(INPUT_KEY, "input '" + input + "' is " + describe(info)
          + "; Sluice feeds a float (or double) [N, F] input with the job's features; the model's inputs: "
          + describe(inputs));
    }
    return input;
  }

  /** The output to write: the named one, else the first ZipMap, else the first float or double tensor. */
  private static String values(Map<String, NodeInfo> outputs, String named) {
    if (!named.isEmpty()) {
      if (!outputs.containsKey(named)) {
        throw ModelLoadException.about(OUTPUT_KEY, "'" + named + "' is not an output of the model; its outputs: "
            + describe(outputs));
      }
      if (!holdsValues(outputs.get(named).getInfo())) {
        throw ModelLoadException.about(OUTPUT_KEY, "output '" + named + "' is " + describe(outputs.get(named).getInfo())
            + ", not a float tensor [N, K] or [N] or a ZipMap of probabilities; the model's outputs: "
            + describe(outputs));
      }
      return named;
    }
    for (Map.Entry<String, NodeInfo> output : outputs.entrySet()) {
      if (output.getValue().getInfo() instanceof SequenceInfo && holdsValues(output.getValue().getInfo())) {
        return output.getKey();
      }
    }
    for (Map.Entry<String, NodeInfo> output : outputs.entrySet()) {
      if (holdsValues(output.getValue().getInfo())) return output.getKey();
    }
    throw ModelLoadException.about(OUTPUT_KEY, "the model has no float tensor [N, K] or [N] and no ZipMap output to "
        + "write; its outputs: " + describe(outputs));
  }

  private static boolean holdsValues(ValueInfo info) {
    if (info instanceof SequenceInfo sequence) {
      MapInfo map = sequence.mapInfo;
      return sequence.isSequenceOfMaps() && map != null && map.valueType == OnnxJavaType.FLOAT
          && (map.keyType == OnnxJavaType.INT64 || map.keyType == OnnxJavaType.STRING);
    }
    return info instanceof TensorInfo tensor && (tensor.type == OnnxJavaType.FLOAT || tensor.type == OnnxJavaType.DOUBLE)
        && (tensor.getShape().length == 1 || tensor.getShape().length == 2);
  }

  /** Values per record of a tensor output: its second dimension, 1 for {@code [N]}. */
  private static int width(String name, TensorInfo tensor, Map<String, NodeInfo> outputs) {
    long[] shape = tensor.getShape();
    if (shape.length == 1) return 1;
    if (shape[1] > 0) return Math.toIntExact(shape[1]);
    throw ModelLoadException.about(OUTPUT_KEY, "output '" + name + "' is " + describe(tensor)
        + ": its width is not fixed in the model, so its columns cannot be named before the run; the model's "
        + "outputs: " + describe(outputs));
  }

  /**
   * The class labels of the written output: the ZipMap's keys for a ZipMap, otherwise those of the graph's
   * classifier node; empty when the model has none.
   */
  private static List<String> classLabels(List<OnnxProtobuf.Node> nodes, String values, ValueKind kind) {
    for (OnnxProtobuf.Node node : nodes) {
      if (node.opType().equals("ZipMap") && node.outputs().contains(values)) return node.classLabels();
    }
    if (kind == ValueKind.ZIP_MAP) return List.of();
    for (OnnxProtobuf.Node node : nodes) {
      if (!node.classLabels().isEmpty() && !node.opType().equals("ZipMap")) return node.classLabels();
    }
    return List.of();
  }

  /** The model's own label output: its first int64 or string tensor {@code [N]}; null when it has none. */
  private static String labelOutput(Map<String, NodeInfo> outputs) {
    for (Map.Entry<String, NodeInfo> output : outputs.entrySet()) {
      if (output.getValue().getInfo() instanceof TensorInfo tensor && tensor.getShape().length == 1
          && (tensor.type == OnnxJavaType.INT64 || tensor.type == OnnxJavaType.STRING)) {
        return output.getKey();
      }
    }
    return null;
  }

  /** Values per record a predictor gives back: the written values, and the model's label's index when it has one. */
  int predictorWidth() {
    return label != null ? valueWidth + 1 : valueWidth;
  }

  /** The outputs a run fetches. */
  List<String> fetched() {
    List<String> fetched = new ArrayList<>(List.of(values));
    if (label != null) fetched.add(label);
    return fetched;
  }

  static String describe(Map<String, NodeInfo> values) {
    return values.entrySet().stream().map(e -> e.getKey() + ": " + describe(e.getValue().getInfo()))
        .collect(Collectors.joining(", "));
  }

  /** A value's type as a user reads it: "float [N, 4]", "seq(map(int64, float))". */
  static String describe(ValueInfo info) {
    if (info instanceof TensorInfo tensor) {
      long[] shape = tensor.getShape();
      String[] names = tensor.getDimensionNames();
      // An open dimension by its name in the model ("batch"), or N when it has none.
      String dims = java.util.stream.IntStream.range(0, shape.length)
          .mapToObj(i -> shape[i] >= 0 ? Long.toString(shape[i])
              : names != null && i < names.length && !names[i].isEmpty() ? names[i] : "N")
          .collect(Collectors.joining(", "));
      return typeName(tensor.type) + " [" + dims + "]";
    }
    if (info instanceof SequenceInfo sequence) {
      return sequence.isSequenceOfMaps() && sequence.mapInfo != null
          ? "seq(map(" + typeName(sequence.mapInfo.keyType) + ", " + typeName(sequence.mapInfo.valueType) + "))"
          : "seq(" + typeName(sequence.sequenceType) + ")";
    }
    if (info instanceof MapInfo map) return "map(" + typeName(map.keyType) + ", " + typeName(map.valueType) + ")";
    return String.valueOf(info);
  }

  private static String typeName(OnnxJavaType type) {
    return type == null ? "?" : type.name().toLowerCase(java.util.Locale.ROOT);
  }
}
