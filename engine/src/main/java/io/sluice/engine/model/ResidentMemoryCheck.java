package io.sluice.engine.model;

/**
 * Turns off JavaCPP's check of the process's resident memory, which ND4J's every native allocation runs: under a
 * global lock it reads {@code /proc/self/statm}, and a forward pass of a small network allocates some forty small
 * buffers (shapes, dimensions, op arguments). Measured on the narrow benchmark network (2 cores): a 128-row tile
 * took 0.6–0.8 ms with the check and about 0.5 ms without; 16KiB partitions, a small tile each, ran about 10%
 * faster end to end (3 alternated runs).
 *
 * <p>What is lost: JavaCPP would otherwise fail an allocation once the whole process's resident memory passed twice
 * the heap's limit ({@code -Xmx}), although a model's weights and ND4J's buffers live outside the heap. Its other
 * check stays: native memory that JavaCPP itself allocated is still bounded by the heap's limit, garbage collected
 * to free it first.
 */
public final class ResidentMemoryCheck {
  /** JavaCPP reads either spelling once, when its first pointer is made; a user's own setting wins. */
  private static final String KEY = "org.bytedeco.javacpp.maxPhysicalBytes";
  private static final String OTHER_SPELLING = "org.bytedeco.javacpp.maxphysicalbytes";

  private ResidentMemoryCheck() {}

  /** Turns the check off for this JVM, when called before ND4J's first use and the user set neither property. */
  public static void turnOff() {
    if (System.getProperty(KEY) == null && System.getProperty(OTHER_SPELLING) == null) System.setProperty(KEY, "0");
  }
}
