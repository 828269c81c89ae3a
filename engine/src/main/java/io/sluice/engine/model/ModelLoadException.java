package io.sluice.engine.model;

/** Says why a model file cannot be used, in words a user can act on. */
public class ModelLoadException extends RuntimeException {
  private final String key;

  public ModelLoadException(String message) {
    this(null, message, null);
  }

  public ModelLoadException(String message, Throwable cause) {
    this(null, message, cause);
  }

  private ModelLoadException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /** The model does not fit what the job's {@code key} asks (e.g. {@code job.model.onnx.input}). */
  static ModelLoadException about(String key, String message) {
    return new ModelLoadException(key, message, null);
  }

  /** The job key the problem is about, or null when it is the model file itself ({@code job.model.uri}). */
  public String key() {
    return key;
  }
}
