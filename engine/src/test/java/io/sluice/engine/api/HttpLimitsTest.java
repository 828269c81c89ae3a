package io.sluice.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP server bounds what one client can make it hold: body size and idle connections. */
class HttpLimitsTest {
  private static TestApiNode node;

  @BeforeAll
  static void start() {
    node = new TestApiNode();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aBodyOverTwoMebibytesIsRefusedWith413() throws Exception {
    String huge = "job { name = \"x\" }\n#" + "a".repeat(3 * 1024 * 1024);
    HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/runs"))
        .header("Authorization", "Bearer " + TestApiNode.TOKEN).POST(HttpRequest.BodyPublishers.ofString(huge)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(413, reply.statusCode(), reply.body());
  }

  @Test
  void aConnectionThatSendsNothingIsClosedByTheServer() throws Exception {
    URI api = URI.create(node.url());
    try (Socket socket = new Socket(api.getHost(), api.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII)); // headers never end
      out.flush();
      socket.setSoTimeout(45_000); // Pekko's own default idle-timeout (60 s) would outlast this
      InputStream in = socket.getInputStream();
      // Ends when the server closes the connection (idle-timeout 30s); without that timeout the read
      // would wait for the socket's 45 s and fail the test with a SocketTimeoutException.
      try {
        while (in.read() >= 0) {
          // the server may answer with an error before it closes; read until it does
        }
      } catch (java.net.SocketTimeoutException e) {
        throw new AssertionError("the server kept an idle connection open for 45 s", e);
      } catch (java.net.SocketException reset) {
        // closed by the server with a reset: closed all the same
      }
    }
  }
}
