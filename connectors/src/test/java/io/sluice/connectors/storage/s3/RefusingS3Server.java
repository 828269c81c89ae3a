package io.sluice.connectors.storage.s3;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A loopback HTTP server that refuses every request as AWS does a wrong key pair (403
 * SignatureDoesNotMatch, echoing the request's Authorization header as AWS echoes what it signed):
 * S3Mock accepts any credentials, so it cannot show what a store does with wrong ones.
 */
final class RefusingS3Server implements AutoCloseable {
  private final HttpServer server;

  RefusingS3Server() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SignatureDoesNotMatch</Code>"
          + "<Message>The request signature we calculated does not match the signature you provided. "
          + "Authorization: " + exchange.getRequestHeaders().getFirst("Authorization") + "</Message>"
          + "<RequestId>R1</RequestId></Error>";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/xml");
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(403, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
      exchange.close();
    });
    server.start();
  }

  /** The endpoint URL. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
