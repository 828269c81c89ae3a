package io.sluice.engine.api;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the HTTP API listens, the bearer token it asks for, and how long a submit may wait for
 * the run to be planned (keys under {@code sluice.api}).
 *
 * @param token the bearer token every {@code /api/} call must carry; empty for none
 * @param submitTimeout how long a submit or trigger waits for the run manager's answer before a 503
 */
public record ApiSettings(String host, int port, Optional<String> token, Duration submitTimeout) {
  /** Shorter tokens are refused: the API runs jobs with the node's access to stores. */
  public static final int MIN_TOKEN_LENGTH = 32;
  /** The placeholder in {@code cluster-config/sluice.env}, which a node must never accept. */
  static final String SAMPLE_TOKEN = "change-me-to-a-long-random-string";

  public ApiSettings {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("sluice.api.port: " + port + " is not a port (0..65535)");
    if (submitTimeout.isNegative() || submitTimeout.isZero()) {
      throw new IllegalArgumentException("sluice.api.submit-timeout: must be positive, got " + submitTimeout);
    }
    if (token.isPresent() && token.get().length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException("sluice.api.token: " + token.get().length() + " characters is too short to resist "
          + "guessing; use at least " + MIN_TOKEN_LENGTH + " random characters (openssl rand -hex 32)");
    }
    if (token.isPresent() && token.get().equals(SAMPLE_TOKEN)) {
      throw new IllegalArgumentException("sluice.api.token: is the sample from cluster-config/sluice.env; "
          + "set a random one (openssl rand -hex 32)");
    }
    if (token.isEmpty() && !isLoopback(host)) {
      throw new IllegalArgumentException(
          "sluice.api.token: required when sluice.api.host (" + host + ") is not a loopback address");
    }
  }

  /** The settings under {@code sluice.api} of {@code config}; the defaults come from reference.conf. */
  public static ApiSettings create(Config config) {
    String host = host(config);
    int port = port(config);
    Optional<String> token = config.hasPath("sluice.api.token")
        ? Optional.of(config.getString("sluice.api.token").trim()).filter(t -> !t.isEmpty())
        : Optional.empty();
    Duration submitTimeout = config.hasPath("sluice.api.submit-timeout")
        ? config.getDuration("sluice.api.submit-timeout") : Duration.ofSeconds(30);
    return new ApiSettings(host, port, token, submitTimeout);
  }

  /** {@code sluice.api.host}: where the node's HTTP server listens (the API, or only /health and /metrics). */
  public static String host(Config config) {
    return config.hasPath("sluice.api.host") ? config.getString("sluice.api.host") : "127.0.0.1";
  }

  /** {@code sluice.api.port}. */
  public static int port(Config config) {
    return config.hasPath("sluice.api.port") ? config.getInt("sluice.api.port") : 7077;
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("sluice.api.host: cannot resolve '" + host + "'", e);
    }
  }

  /** Never shows the token: settings end up in logs. */
  @Override
  public String toString() {
    return "ApiSettings[host=" + host + ", port=" + port + ", token=" + (token.isPresent() ? "(set)" : "(none)")
        + ", submitTimeout=" + submitTimeout + "]";
  }
}
