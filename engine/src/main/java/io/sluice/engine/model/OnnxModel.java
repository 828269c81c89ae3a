package io.sluice.engine.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.lang.ref.Cleaner;
import java.util.List;

/**
 * An ONNX model on ONNX Runtime (CPU): one session per loaded model, shared by its predictors, since a session runs
 * calls from several threads at once; each predictor keeps its own buffers. The session's native memory is freed
 * when neither the model nor any of its predictors is reachable (the run ended and its pool stopped).
 */
final class OnnxModel implements LoadedModel {
  private static final Cleaner SESSIONS = Cleaner.create();

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final OnnxSignature signature;
  private final String sha256;

  private OnnxModel(OrtEnvironment environment, OrtSession session, OnnxSignature signature, String sha256) {
    this.environment = environment;
    this.session = session;
    this.signature = signature;
    this.sha256 = sha256;
    SESSIONS.register(this, () -> closeQuietly(session));
  }

  /** Reads the model and discovers its input and outputs, or says why it cannot be used. */
  static LoadedModel load(byte[] bytes, ModelSettings settings, String sha256) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "sluice");
    OrtSession session;
    int threads = settings.onnx().threadsPerReplica(settings.replicas());
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      // Idle intra-op threads sleep instead of spinning on the cores that parse and write (as OMP_WAIT_POLICY
      // = PASSIVE does for DL4J's native code).
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      session = environment.createSession(bytes, options);
    } catch (OrtException e) {
      throw new ModelLoadException("cannot read model: ONNX Runtime cannot load it: " + e.getMessage(), e);
    }
    try {
      return new OnnxModel(environment, session, OnnxSignature.of(session, OnnxProtobuf.nodes(bytes), settings),
          sha256);
    } catch (OrtException | RuntimeException e) {
      closeQuietly(session);
      if (e instanceof ModelLoadException known) throw known;
      throw new ModelLoadException("cannot read model: " + io.sluice.engine.Failures.message(e), e);
    }
  }

  @Override
  public int inputWidth() {
    return signature.inputWidth();
  }

  @Override
  public int outputWidth() {
    return signature.predictorWidth();
  }

  @Override
  public String sha256() {
    return sha256;
  }

  @Override
  public String kind() {
    return "ONNX";
  }

  @Override
  public List<String> outputColumns(OutputMode mode, List<String> labels) {
    return OutputColumns.names(mode, unitNames(mode, labels), signature.valueWidth());
  }

  @Override
  public PredictionTranslator translator(OutputMode mode, List<String> labels) {
    return new PredictionTranslator(mode, OutputColumns.unitNames(unitNames(mode, labels), signature.valueWidth()),
        mode == OutputMode.LABEL && signature.label() != null);
  }

  /** The job's labels when it gives them; else, but for raw ({@code y_<i>}), the model's own class labels. */
  private List<String> unitNames(OutputMode mode, List<String> labels) {
    if (labels != null && !labels.isEmpty()) return labels;
    return mode == OutputMode.RAW ? List.of() : signature.classLabels();
  }

  @Override
  public Predictor newReplica() {
    return new OnnxPredictor(this, environment, session, signature);
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException | RuntimeException e) {
      // already closed, or the runtime is shutting down: nothing left to free
    }
  }
}
