package io.sluice.engine.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options several commands share, each a picocli mixin: a command takes exactly the
 * mixins it declares, so {@code run --api URL} is refused instead of running the job locally
 * while its user believes it went to the cluster.
 */
final class CliOptions {
  private CliOptions() {}

  /** {@code -h}, {@code --help}: the command's synopsis, options and examples. */
  static final class Help {
    @Option(names = {"-h", "--help"}, usageHelp = true, order = 100, description = "Show this help and exit.")
    boolean help;
  }

  /** {@code --set key=value}, repeatable: overrides of the job file or node configuration. */
  static final class Sets {
    @Option(names = "--set", paramLabel = "key=value",
        description = "Override a key of the file (repeatable). A value starting with [ { or \" is read as HOCON,"
            + " any other literally (file:///x keeps its //).")
    List<String> sets = new ArrayList<>();
  }

  /** {@code -q}, {@code --quiet}: no progress, only the summary. */
  static final class Quiet {
    @Option(names = {"-q", "--quiet"}, description = "No progress display, only the summary.")
    boolean quiet;

    ProgressView.Mode progress() {
      return ProgressView.modeFor(quiet);
    }
  }

  /** {@code --api URL} and {@code --token T}: where the HTTP API is and how to be let in. */
  static final class Api {
    static final String TOKEN_VARIABLE = "SLUICE_API_TOKEN";

    @Option(names = "--api", paramLabel = "URL",
        description = {"A coordinator node's HTTP API;", "default " + ApiClient.DEFAULT_URL + "."})
    String url;

    @Option(names = "--token", paramLabel = "T", description = "The API's bearer token; default $" + TOKEN_VARIABLE + ".")
    String token;

    /** The client for these options, the token defaulting to the environment. */
    ApiClient client() {
      return ApiClient.create(url, token != null ? token : System.getenv(TOKEN_VARIABLE));
    }
  }

  /** {@code --wait}: follow a started run to its end and exit like {@code run}. */
  static final class Wait {
    @Option(names = "--wait", description = {"Follow the run with progress and a summary,", "and exit like 'sluice run'."})
    boolean follow;
  }
}
