package io.sluice.engine.model;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.lang.ref.Reference;
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
 * One thread's way of running an ONNX model. The batch goes in tile by tile through one direct buffer kept from call
 * to call (ONNX Runtime reads a direct buffer in place, without a copy); the outputs are copied out in bulk and
 * every tensor and result is closed before the call returns. Not thread-safe.
 */
final class OnnxPredictor implements Predictor {
  /** Rows per model call; a batch runs as whole tiles, the last one padded with zeros (see {@link #runTile}). */
  static final int TILE = 128;

  /** Keeps the model, whose cleaner closes the session, reachable for as long as this predictor is. */
  private final LoadedModel owner;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final OnnxSignature signature;
  private final Set<String> fetched;
  /** A label's index among the class labels, by the label as text. */
  private final Map<String, Integer> classIndex = new HashMap<>();
  private ByteBuffer input = ByteBuffer.allocateDirect(0);

  OnnxPredictor(LoadedModel owner, OrtEnvironment environment, OrtSession session, OnnxSignature signature) {
    this.owner = owner;
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

  /** A failed run leaves nothing behind: every call fills its tile anew. */
  @Override
  public boolean soundAfterFailure() {
    return true;
  }

  @Override
  public float[] predict(float[] features, int rows, int width, long firstRow) {
    if (signature.inputWidth() >= 0 && width != signature.inputWidth()) {
      throw new IllegalArgumentException(
          "the model takes " + signature.inputWidth() + " features per record but the batch has " + width);
    }
    if (rows < 0 || (long) rows * width > features.length) {
      throw new IllegalArgumentException("a batch of " + rows + " rows of " + width
          + " features needs " + (long) rows * width + " values but the buffer holds " + features.length);
    }
    float[] outputs = new float[rows * outputWidth()];
    int done = 0;
    while (done < rows) {
      int at = (int) ((firstRow + done) % TILE);
      int count = Math.min(rows - done, TILE - at);
      runTile(features, done, at, count, width, outputs);
      done += count;
    }
    return outputs;
  }

  /**
   * Runs the {@code count} rows from {@code start} at row {@code at} of one tile of {@link #TILE} rows, the rest
   * zeros, and copies their outputs into {@code outputs}. Why tiles of one size: ONNX Runtime picks its kernels and its split among
   * threads by the row count (one row: a vector product; a tree ensemble: over trees for few rows, over rows for
   * many), and these differ in the last bit; a row's place in the kernel's block may matter too. With every call
   * the same size and a record always at the tile row its index in the partition gives, its outputs are the same
   * bits in whatever batch.
   */
  private void runTile(float[] features, int start, int at, int count, int width, float[] outputs) {
    try (OnnxTensor tensor = signature.doubleInput() ? doubleTensor(features, start, at, count, width)
            : floatTensor(features, start, at, count, width);
        OrtSession.Result result = session.run(Map.of(signature.input(), tensor), fetched)) {
      copyValues(result.get(signature.values()).orElseThrow(), start, at, count, outputs);
      if (signature.label() != null) copyLabels(result.get(signature.label()).orElseThrow(), start, at, count, outputs);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
    } finally {
      // The session must stay open until the call has returned, even if nothing reads this predictor afterwards.
      Reference.reachabilityFence(owner);
    }
  }

  private OnnxTensor floatTensor(float[] features, int start, int at, int count, int width) throws OrtException {
    FloatBuffer buffer = inputOf(TILE * width * Float.BYTES).asFloatBuffer();
    for (int i = 0; i < at * width; i++) buffer.put(0f);
    buffer.put(features, start * width, count * width);
    // Zeros, not what the last tile left there: a pad row's outputs are dropped, but it must stay a number.
    while (buffer.hasRemaining()) buffer.put(0f);
    return OnnxTensor.createTensor(environment, buffer.flip(), new long[] {TILE, width});
  }

  private OnnxTensor doubleTensor(float[] features, int start, int at, int count, int width) throws OrtException {
    DoubleBuffer buffer = inputOf(TILE * width * Double.BYTES).asDoubleBuffer();
    for (int i = 0; i < at * width; i++) buffer.put(0d);
    for (int i = start * width; i < (start + count) * width; i++) buffer.put(features[i]);
    while (buffer.hasRemaining()) buffer.put(0d);
    return OnnxTensor.createTensor(environment, buffer.flip(), new long[] {TILE, width});
  }

  /** The kept direct buffer, made for the first tile: every tile of a job has one size. */
  private ByteBuffer inputOf(int bytes) {
    if (input.capacity() < bytes) input = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    return input.clear().limit(bytes);
  }

  /**
   * The written output's values of the tile's {@code count} rows from row {@code at}, at the start of each row's
   * slot in {@code outputs} from row {@code start} on.
   */
  private void copyValues(OnnxValue value, int start, int at, int count, float[] outputs) throws OrtException {
    int width = signature.valueWidth();
    int stride = outputWidth();
    switch (signature.valueKind()) {
      case FLOAT_TENSOR -> {
        FloatBuffer floats = ((OnnxTensor) value).getFloatBuffer();
        checkCount(floats.remaining(), TILE, width);
        floats.position(floats.position() + at * width);
        if (stride == width) {
          floats.get(outputs, start * width, count * width);
        } else {
          for (int row = 0; row < count; row++) floats.get(outputs, (start + row) * stride, width);
        }
      }
      case DOUBLE_TENSOR -> {
        DoubleBuffer doubles = ((OnnxTensor) value).getDoubleBuffer();
        checkCount(doubles.remaining(), TILE, width);
        doubles.position(doubles.position() + at * width);
        for (int row = 0; row < count; row++) {
          for (int unit = 0; unit < width; unit++) outputs[(start + row) * stride + unit] = (float) doubles.get();
        }
      }
      case ZIP_MAP -> copyZipMap((OnnxSequence) value, start, at, count, outputs, stride);
    }
  }

  /** One map per record, class label to probability; read in the model's class order. */
  private void copyZipMap(OnnxSequence sequence, int start, int at, int count, float[] outputs, int stride)
      throws OrtException {
    List<? extends OnnxValue> maps = sequence.getValue();
    if (maps.size() != TILE) {
      throw new IllegalStateException("the model gave " + maps.size() + " probability maps for " + TILE + " records");
    }
    List<String> labels = signature.classLabels();
    for (int row = 0; row < count; row++) {
      Map<?, ?> probabilities = ((OnnxMap) maps.get(at + row)).getValue();
      Map<String, Object> byLabel = new HashMap<>(probabilities.size() * 2);
      for (Map.Entry<?, ?> entry : probabilities.entrySet()) byLabel.put(entry.getKey().toString(), entry.getValue());
      for (int unit = 0; unit < labels.size(); unit++) {
        Object probability = byLabel.get(labels.get(unit));
        if (probability == null) {
          throw new IllegalStateException("the model's probabilities have no class '" + labels.get(unit) + "'");
        }
        outputs[(start + row) * stride + unit] = ((Number) probability).floatValue();
      }
    }
  }

  /** The model's own label of each record, as its index among the class labels, in the last slot of its row. */
  private void copyLabels(OnnxValue value, int start, int at, int count, float[] outputs) throws OrtException {
    OnnxTensor labels = (OnnxTensor) value;
    int stride = outputWidth();
    String[] texts = null;
    LongBuffer numbers = null;
    if (labels.getInfo().type == ai.onnxruntime.OnnxJavaType.STRING) {
      texts = (String[]) labels.getValue();
      checkCount(texts.length, TILE, 1);
    } else {
      numbers = labels.getLongBuffer();
      checkCount(numbers.remaining(), TILE, 1);
    }
    for (int row = 0; row < count; row++) {
      String label = texts != null ? texts[at + row] : Long.toString(numbers.get(at + row));
      Integer index = classIndex.get(label);
      if (index == null) throw new IllegalStateException("the model gave label '" + label + "', not one of its classes");
      outputs[(start + row) * stride + stride - 1] = index;
    }
  }

  private static void checkCount(int count, int rows, int width) {
    if (count != rows * width) {
      throw new IllegalStateException("the model gave " + count + " values for " + rows + " records; expected "
          + rows * width);
    }
  }
}
