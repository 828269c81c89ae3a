package io.sluice.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.sluice.engine.api.ApiJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Calls a Sluice node's HTTP API (contract §7) and turns every answer that is not a success into an {@link ApiFailure}. */
final class ApiClient {
  static final String DEFAULT_URL = "http://127.0.0.1:7077";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration QUICK = Duration.ofSeconds(30);
  /** Longer than any sensible {@code sluice.api.submit-timeout}: the node answers 503 itself when planning is slow. */
  private static final Duration PLANNING = Duration.ofMinutes(10);

  private final String base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

  private ApiClient(String base, String token) {
    this.base = base;
    this.token = token;
  }

  /** A client of the API at {@code url} (default {@link #DEFAULT_URL}); {@code token} may be null or empty for none. */
  static ApiClient create(String url, String token) {
    String base = (url == null ? DEFAULT_URL : url.trim()).replaceAll("/+$", "");
    URI uri;
    try {
      uri = URI.create(base);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--api: '" + base + "' is not a URL like " + DEFAULT_URL);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new UsageException("--api: '" + base + "' is not a URL like " + DEFAULT_URL);
    }
    return new ApiClient(base, token == null || token.isBlank() ? null : token.trim());
  }

  /** A path segment made safe to put in a URL. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  JsonNode get(String path) {
    return send(request(path, QUICK).GET());
  }

  JsonNode delete(String path) {
    return send(request(path, QUICK).DELETE());
  }

  /** POST that may start a run: the node answers once the run is planned. */
  JsonNode postPlanning(String path, String body) {
    return send(withJob(request(path, PLANNING)).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  JsonNode post(String path) {
    return send(request(path, QUICK).POST(HttpRequest.BodyPublishers.noBody()));
  }

  JsonNode put(String path, String body) {
    return send(withJob(request(path, QUICK)).PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpRequest.Builder request(String path, Duration timeout) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
        .header("Accept", "application/json");
    if (token != null) builder.header("Authorization", "Bearer " + token);
    return builder;
  }

  /** The body is a job in HOCON (JSON is HOCON too). */
  private static HttpRequest.Builder withJob(HttpRequest.Builder builder) {
    return builder.header("Content-Type", "application/hocon; charset=utf-8");
  }

  private JsonNode send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw new ApiFailure(1, "cannot reach the Sluice API at " + base + " (" + describe(e)
          + "); is a coordinator node running there? (set --api URL)");
    } catch (HttpTimeoutException e) {
      throw new ApiFailure(1, "the Sluice API at " + base + " did not answer within "
          + request.timeout().orElse(QUICK).toSeconds() + " s");
    } catch (IOException e) {
      throw new ApiFailure(1, "cannot reach the Sluice API at " + base + " (" + describe(e) + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiFailure(1, "interrupted while calling the Sluice API at " + base);
    }
    return answer(response);
  }

  private JsonNode answer(HttpResponse<String> response) {
    int code = response.statusCode();
    if (code == 401) {
      throw new ApiFailure(2, "the API refused the token (401)"
          + (token == null ? "; give one with --token or $SLUICE_API_TOKEN" : ""));
    }
    JsonNode body;
    try {
      body = response.body().isBlank() ? NullNode.getInstance() : ApiJson.parse(response.body());
    } catch (IllegalArgumentException e) {
      throw new ApiFailure(1, base + " answered " + code + " with something that is not JSON; is it a Sluice API?");
    }
    if (code >= 200 && code < 300) return body;
    String error = body.hasNonNull("error") ? body.get("error").asText() : "HTTP " + code;
    // A refused job, an unknown run or job, a run that already ended: the request was wrong.
    boolean requestWrong = code == 400 || code == 404 || code == 409;
    throw new ApiFailure(requestWrong ? 2 : 1, requestWrong ? error : "the Sluice API at " + base + " answered " + code + ": " + error);
  }

  private static String describe(IOException e) {
    if (e.getMessage() != null && !e.getMessage().isBlank()) return e.getMessage();
    return io.sluice.engine.Failures.message(e);
  }
}
