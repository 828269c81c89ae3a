package io.sluice.engine.model;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.Normalizer;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerSerializer;

/** Turns the bytes of a model file into a {@link LoadedModel}, or a {@link ModelLoadException} saying what is wrong. */
public final class ModelLoader {
  static {
    // For programs that load models without going through the command line's Main.
    GcSafeOpExecutioner.install();
    ResidentMemoryCheck.turnOff();
  }

  private ModelLoader() {}

  /** The model in {@code bytes}, loaded with the format's defaults. */
  public static LoadedModel load(byte[] bytes, ModelFormat format) {
    return load(bytes, ModelSettings.of(format));
  }

  public static LoadedModel load(byte[] bytes, ModelSettings settings) {
    return load(bytes, settings, sha256(bytes));
  }

  /** As {@link #load(byte[], ModelSettings)}, for a caller that has the bytes' digest already. */
  static LoadedModel load(byte[] bytes, ModelSettings settings, String sha256) {
    return switch (settings.format()) {
      case AUTO -> load(bytes, new ModelSettings(formatOf(bytes), settings.output(), settings.onnx(),
          settings.replicas()), sha256);
      case DL4J -> loadDl4j(bytes, sha256);
      // Only here are ONNX Runtime's classes loaded: a node that never runs an ONNX model never pays for them.
      case ONNX -> OnnxModel.load(bytes, settings, sha256);
      case KERAS -> throw new ModelLoadException(
          "format keras is not supported yet: convert the model to a DL4J zip with KerasModelImport");
      case SAMEDIFF -> throw new ModelLoadException(
          "format samediff is not supported yet: save the model as a DL4J MultiLayerNetwork or ComputationGraph zip");
    };
  }

  /**
   * DL4J or ONNX by the bytes themselves: a zip starts with its local header signature, an ONNX model (a protobuf
   * {@code ModelProto}) with one of its fields, which no zip does.
   */
  static ModelFormat formatOf(byte[] bytes) {
    if (bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
      return ModelFormat.DL4J;
    }
    if (OnnxProtobuf.looksLikeModel(bytes)) return ModelFormat.ONNX;
    throw new ModelLoadException("cannot read model: neither a DL4J zip nor an ONNX model (set job.model.format "
        + "if it is one of them)");
  }

  private static LoadedModel loadDl4j(byte[] zipBytes, String sha256) {
    GcSafeOpExecutioner.warnIfNotInstalled();
    ModelZipEntries entries = ModelZipEntries.read(zipBytes);
    DataNormalization normalizer = entries.hasNormalizer() ? normalizerOf(entries.normalizer()) : null;
    try {
      // The updater is training state: inference never needs it, and it can be as large as the weights.
      if (entries.isComputationGraph()) {
        ComputationGraph graph = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(zipBytes), false);
        return new Dl4jModel(graph, NetworkWidths.of(graph.getConfiguration()), normalizer, sha256);
      }
      MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zipBytes), false);
      return new Dl4jModel(network, NetworkWidths.of(network.getLayerWiseConfigurations()), normalizer,
          sha256);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ModelLoadException known) {
        throw known;
      }
      throw new ModelLoadException("cannot read model: " + describe(e), e);
    }
  }

  private static DataNormalization normalizerOf(byte[] serialized) {
    refuseCustomNormalizer(serialized);
    Normalizer<?> normalizer;
    try {
      normalizer = NormalizerSerializer.getDefault().restore(new ByteArrayInputStream(serialized));
    } catch (Exception e) {
      throw new ModelLoadException("cannot read the model's normalizer: " + describe(e), e);
    }
    if (!(normalizer instanceof DataNormalization single)) {
      throw new ModelLoadException("the model's normalizer (" + normalizer.getClass().getSimpleName()
          + ") is for several inputs, which is not supported");
    }
    return single;
  }

  /**
   * A normalizer of type CUSTOM names a class that ND4J instantiates while reading it: a model
   * file from anywhere must not choose code to run on the node. Its header, as ND4J writes it:
   * "NORMALIZER", a version, the type's name.
   */
  private static void refuseCustomNormalizer(byte[] serialized) {
    try (DataInputStream header = new DataInputStream(new ByteArrayInputStream(serialized))) {
      if (!header.readUTF().equals("NORMALIZER")) return; // not ND4J's format: restore says what is wrong
      header.readInt();
      if (header.readUTF().equals("CUSTOM")) {
        throw new ModelLoadException("the model's normalizer is of type CUSTOM, which names a class to instantiate; "
            + "only ND4J's own normalizers (standardize, min-max, image) are loaded");
      }
    } catch (IOException e) {
      // a header too short to read: restore reports the damaged normalizer
    }
  }

  private static String describe(Exception e) {
    return io.sluice.engine.Failures.message(e);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
