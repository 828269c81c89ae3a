package io.sluice.engine.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.sluice.engine.job.JobException;
import io.sluice.engine.job.JobFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A node's configuration: its file, then {@code --set} overrides, over the engine's defaults; with
 * {@code sluice.security.cluster-tls.key-store} set, the cluster link's TLS settings over all of them.
 */
public final class NodeConfig {
  private NodeConfig() {}

  /** Loads {@code file} with overrides; problems are JobExceptions naming the file or key (exit 2). */
  public static Config load(Path file, List<String> overrides) {
    if (!Files.isRegularFile(file)) throw new JobException(file.toString(), "no such node configuration file");
    try {
      Config own = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      Config config = JobFiles.withOverrides(own, overrides).withFallback(ConfigFactory.load()).resolve();
      return ClusterTls.pekkoSettings(config).withFallback(config);
    } catch (ConfigException e) {
      throw new JobException(file.toString(), e.getMessage());
    }
  }
}
