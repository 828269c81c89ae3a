package io.sluice.engine.job;

/** A job that cannot run as written: names the key (or file) and the problem, never a secret. */
public class JobException extends RuntimeException {
  private final String key;

  public JobException(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
  }

  /** The job key (such as {@code job.input.uri}) or file the problem is about. */
  public String key() {
    return key;
  }
}
