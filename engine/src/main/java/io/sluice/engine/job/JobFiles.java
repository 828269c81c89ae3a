package io.sluice.engine.job;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a job file and layers {@code --set key=value} overrides on it, each read as HOCON. */
public final class JobFiles {
  private JobFiles() {}

  /** The job in {@code file} with {@code overrides} applied, substitutions resolved. */
  public static JobSpec load(Path file, List<String> overrides) {
    if (!Files.isRegularFile(file)) throw new JobException(file.toString(), "no such job file");
    Config config;
    try {
      config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new JobException(file.toString(), "not valid HOCON: " + e.getMessage());
    }
    return JobParser.parse(resolve(withOverrides(config, overrides), file.toString()));
  }

  /**
   * Applies {@code key=value} overrides. A value that starts with {@code [ { "} is read as
   * HOCON; any other is taken literally, so that {@code file:///x} is not cut at the
   * {@code //} that HOCON reads as a comment. Numbers, booleans and sizes still convert.
   */
  public static Config withOverrides(Config base, List<String> overrides) {
    Config result = base;
    for (String set : overrides) {
      int eq = set.indexOf('=');
      if (eq <= 0) throw new JobException("--set " + set, "expected key=value");
      String key = set.substring(0, eq).trim();
      try {
        result = override(key, set.substring(eq + 1).trim()).withFallback(result);
      } catch (ConfigException e) {
        throw new JobException(key, "--set value is not valid HOCON: " + e.getMessage());
      }
    }
    return result;
  }

  private static Config override(String key, String value) {
    if (value.startsWith("[") || value.startsWith("{") || value.startsWith("\"") || value.equals("null")) {
      return ConfigFactory.parseString(key + " = " + value);
    }
    return ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value));
  }

  private static Config resolve(Config config, String origin) {
    try {
      return config.resolve();
    } catch (ConfigException e) {
      throw new JobException(origin, e.getMessage());
    }
  }
}
