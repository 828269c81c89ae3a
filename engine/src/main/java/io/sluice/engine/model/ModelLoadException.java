package io.sluice.engine.model;

/** Says why a model file cannot be used, in words a user can act on. */
public class ModelLoadException extends RuntimeException {

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
