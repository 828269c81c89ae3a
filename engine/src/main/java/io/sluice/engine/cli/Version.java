package io.sluice.engine.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code sluice --version}: the Maven project version, written into a resource when the engine is built. */
final class Version implements IVersionProvider {
  private static final String RESOURCE = "/sluice-version.properties";

  /** The version, from the resource Maven filters, else the jar manifest, else "unknown". */
  static String current() {
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        String version = properties.getProperty("version", "").trim();
        if (!version.isEmpty() && !version.startsWith("${")) return version;
      }
    } catch (IOException e) {
      // fall back to the manifest
    }
    String manifest = Version.class.getPackage().getImplementationVersion();
    return manifest != null ? manifest : "unknown";
  }

  @Override
  public String[] getVersion() {
    return new String[] {"sluice " + current()};
  }
}
