package io.sluice.engine.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a DL4J network of dense layers as the ONNX model {@code torch.onnx.export} would write for it: per layer a
 * {@code Gemm} (weights {@code [nIn, nOut]}, bias) and its activation ({@code Relu}, {@code Softmax}), input
 * {@code [N, F]} named "input", output {@code [N, K]} named "output", opset 13. The same weights as the zip, so the
 * benchmark times both model paths on one network.
 *
 * <p>Field numbers from onnx.proto: ModelProto ir_version 1, producer_name 2, graph 7, opset_import 8; GraphProto
 * node 1, name 2, initializer 5, input 11, output 12; NodeProto input 1, output 2, op_type 4; TensorProto dims 1,
 * data_type 2, name 8, raw_data 9; ValueInfoProto name 1, type 2; TypeProto tensor_type 1; Tensor elem_type 1,
 * shape 2; TensorShapeProto dim 1; Dimension dim_value 1, dim_param 2; OperatorSetIdProto domain 1, version 2.
 */
final class OnnxDenseFile {
  private static final int FLOAT = 1;

  private OnnxDenseFile() {}

  /** The ONNX bytes of {@code network}, which must hold only dense layers with ReLU, softmax or no activation. */
  static byte[] of(MultiLayerNetwork network) {
    Message graph = new Message().string(2, "dense");
    List<Message> initializers = new ArrayList<>();
    String current = "input";
    long inputWidth = -1;
    long outputWidth = -1;
    for (int i = 0; i < network.getnLayers(); i++) {
      FeedForwardLayer layer = (FeedForwardLayer) network.getLayer(i).conf().getLayer();
      if (i == 0) inputWidth = layer.getNIn();
      outputWidth = layer.getNOut();
      INDArray weights = network.getLayer(i).getParam(DefaultParamInitializer.WEIGHT_KEY);
      INDArray bias = network.getLayer(i).getParam(DefaultParamInitializer.BIAS_KEY);
      String w = "w" + i;
      String b = "b" + i;
      initializers.add(tensor(w, weights, layer.getNIn(), layer.getNOut()));
      initializers.add(tensor(b, bias, layer.getNOut()));
      String gemm = "gemm" + i;
      graph.message(1, node("Gemm", List.of(current, w, b), gemm));
      current = gemm;
      String activation = activation(layer.getActivationFn());
      if (activation != null) {
        String activated = "act" + i;
        graph.message(1, node(activation, List.of(current), activated));
        current = activated;
      }
    }
    // The last node's output is renamed "output" by an Identity, so the graph's output has a stable name.
    graph.message(1, node("Identity", List.of(current), "output"));
    for (Message initializer : initializers) graph.message(5, initializer);
    graph.message(11, valueInfo("input", inputWidth));
    graph.message(12, valueInfo("output", outputWidth));
    return new Message()
        .varint(1, 8)
        .string(2, "sluice-bench")
        .message(7, graph)
        .message(8, new Message().string(1, "").varint(2, 13))
        .bytes();
  }

  private static String activation(IActivation function) {
    if (function instanceof ActivationReLU) return "Relu";
    if (function instanceof ActivationSoftmax) return "Softmax";
    if (function instanceof ActivationIdentity) return null;
    throw new IllegalArgumentException("no ONNX operator written for activation " + function + "; "
        + Activation.RELU + " and " + Activation.SOFTMAX + " are");
  }

  private static Message node(String op, List<String> inputs, String output) {
    Message node = new Message();
    for (String input : inputs) node.string(1, input);
    return node.string(2, output).string(3, output).string(4, op);
  }

  /** A float tensor with {@code dims}, its values row-major, little-endian as ONNX's raw_data is. */
  private static Message tensor(String name, INDArray values, long... dims) {
    float[] rowMajor = values.dup('c').data().asFloat();
    ByteBuffer raw = ByteBuffer.allocate(rowMajor.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(rowMajor);
    Message tensor = new Message();
    for (long dim : dims) tensor.varint(1, dim);
    return tensor.varint(2, FLOAT).string(8, name).raw(9, raw.array());
  }

  private static Message valueInfo(String name, long width) {
    Message shape = new Message()
        .message(1, new Message().string(2, "N"))
        .message(1, new Message().varint(1, width));
    Message tensorType = new Message().varint(1, FLOAT).message(2, shape);
    return new Message().string(1, name).message(2, new Message().message(1, tensorType));
  }

  /** A protobuf message being written, field by field. */
  private static final class Message {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Message varint(int field, long value) {
      tag(field, 0);
      writeVarint(value);
      return this;
    }

    Message string(int field, String value) {
      return raw(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Message message(int field, Message value) {
      return raw(field, value.bytes());
    }

    Message raw(int field, byte[] value) {
      tag(field, 2);
      writeVarint(value.length);
      out.writeBytes(value);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private void tag(int field, int wireType) {
      writeVarint((long) field << 3 | wireType);
    }

    private void writeVarint(long value) {
      while ((value & ~0x7FL) != 0) {
        out.write((int) (value & 0x7F) | 0x80);
        value >>>= 7;
      }
      out.write((int) value);
    }
  }
}
