package io.sluice.engine.model;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One thread's way of running an ONNX model. The batch goes in through one direct buffer kept from call to call
 * (ONNX Runtime reads a direct buffer in place, without a copy); the outputs are copied out in bulk and every
 * tensor and result is closed before the call returns. Not thread-safe.
 */
final class OnnxPredictor implements Predictor {
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final OnnxSignature signature;
  private final Set<String> fetched;
  /** A label's index among the class labels, by the label as text. */
  private final Map<String, Integer> classIndex = new HashMap<>();
  private ByteBuffer input = ByteBuffer.allocateDirect(0);

  OnnxPredictor(OrtEnvironment environment, OrtSession session, OnnxSignature signature) {
    this.environment = environment;
    this.session = session;
    this.signature = signature;
    this.fetched = new LinkedHashSet<>(signature.fetched());
    List<String> labels = signature.classLabels();
    for (int i = 0; i < labels.size(); i++) classIndex.put(labels.get(i), i);
  }

  @Override
  public int outputWidth() {
    return signature.predictorWidth();
  }

  @Override
  public float[] predict(float[] features, int rows, int width) {
    if (signature.inputWidth() >= 0 && width != signature.inputWidth()) {
      throw new IllegalArgumentException(
          "the model takes " + signature.inputWidth() + " features per record but the batch has " + width);
    }
    if (rows < 0 || (long) rows * width > features.length) {
      throw new IllegalArgumentException("a batch of " + rows + " rows of " + width
          + " features needs " + (long) rows * width + " values but the buffer holds " + features.length);
    }
    if (rows == 0) return new float[0];
    long[] shape = {rows, width};
    int values = rows * width;
    try (OnnxTensor tensor = signature.doubleInput() ? doubleTensor(features, values, shape)
            : floatTensor(features, values, shape);
        OrtSession.Result result = session.run(Map.of(signature.input(), tensor), fetched)) {
      float[] outputs = new float[rows * outputWidth()];
      copyValues(result.get(signature.values()).orElseThrow(), rows, outputs);
      if (signature.label() != null) copyLabels(result.get(signature.label()).orElseThrow(), rows, outputs);
      return outputs;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
    }
  }

  private OnnxTensor floatTensor(float[] features, int values, long[] shape) throws OrtException {
    FloatBuffer buffer = inputOf(values * Float.BYTES).asFloatBuffer();
    buffer.put(features, 0, values).flip();
    return OnnxTensor.createTensor(environment, buffer, shape);
  }

  private OnnxTensor doubleTensor(float[] features, int values, long[] shape) throws OrtException {
    DoubleBuffer buffer = inputOf(values * Double.BYTES).asDoubleBuffer();
    for (int i = 0; i < values; i++) buffer.put(features[i]);
    buffer.flip();
    return OnnxTensor.createTensor(environment, buffer, shape);
  }

  /** The kept direct buffer, grown when a batch needs more; batches mostly come in one size. */
  private ByteBuffer inputOf(int bytes) {
    if (input.capacity() < bytes) input = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    return input.clear().limit(bytes);
  }

  /** The written output's {@code rows × valueWidth} values, at the start of each row's slot in {@code outputs}. */
  private void copyValues(OnnxValue value, int rows, float[] outputs) throws OrtException {
    int width = signature.valueWidth();
    int stride = outputWidth();
    switch (signature.valueKind()) {
      case FLOAT_TENSOR -> {
        FloatBuffer floats = ((OnnxTensor) value).getFloatBuffer();
        checkCount(floats.remaining(), rows, width);
        if (stride == width) {
          floats.get(outputs, 0, rows * width);
        } else {
          for (int row = 0; row < rows; row++) floats.get(outputs, row * stride, width);
        }
      }
      case DOUBLE_TENSOR -> {
        DoubleBuffer doubles = ((OnnxTensor) value).getDoubleBuffer();
        checkCount(doubles.remaining(), rows, width);
        for (int row = 0; row < rows; row++) {
          for (int unit = 0; unit < width; unit++) outputs[row * stride + unit] = (float) doubles.get();
        }
      }
      case ZIP_MAP -> copyZipMap((OnnxSequence) value, rows, outputs, stride);
    }
  }

  /** One map per record, class label to probability; read in the model's class order. */
  private void copyZipMap(OnnxSequence sequence, int rows, float[] outputs, int stride) throws OrtException {
    List<? extends OnnxValue> maps = sequence.getValue();
    if (maps.size() != rows) {
      throw new IllegalStateException("the model gave " + maps.size() + " probability maps for " + rows + " records");
    }
    List<String> labels = signature.classLabels();
    for (int row = 0; row < rows; row++) {
      Map<?, ?> probabilities = ((OnnxMap) maps.get(row)).getValue();
      Map<String, Object> byLabel = new HashMap<>(probabilities.size() * 2);
      for (Map.Entry<?, ?> entry : probabilities.entrySet()) byLabel.put(entry.getKey().toString(), entry.getValue());
      for (int unit = 0; unit < labels.size(); unit++) {
        Object probability = byLabel.get(labels.get(unit));
        if (probability == null) {
          throw new IllegalStateException("the model's probabilities have no class '" + labels.get(unit) + "'");
        }
        outputs[row * stride + unit] = ((Number) probability).floatValue();
      }
    }
  }

  /** The model's own label of each record, as its index among the class labels, in the last slot of its row. */
  private void copyLabels(OnnxValue value, int rows, float[] outputs) throws OrtException {
    OnnxTensor labels = (OnnxTensor) value;
    int stride = outputWidth();
    String[] texts = null;
    LongBuffer numbers = null;
    if (labels.getInfo().type == ai.onnxruntime.OnnxJavaType.STRING) {
      texts = (String[]) labels.getValue();
      checkCount(texts.length, rows, 1);
    } else {
      numbers = labels.getLongBuffer();
      checkCount(numbers.remaining(), rows, 1);
    }
    for (int row = 0; row < rows; row++) {
      String label = texts != null ? texts[row] : Long.toString(numbers.get(row));
      Integer index = classIndex.get(label);
      if (index == null) throw new IllegalStateException("the model gave label '" + label + "', not one of its classes");
      outputs[row * stride + stride - 1] = index;
    }
  }

  private static void checkCount(int count, int rows, int width) {
    if (count != rows * width) {
      throw new IllegalStateException("the model gave " + count + " values for " + rows + " records; expected "
          + rows * width);
    }
  }
}
