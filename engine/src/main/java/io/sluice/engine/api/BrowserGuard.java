package io.sluice.engine.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Refuses what a web browser sends on behalf of another site (contract §12): a request with an
 * {@code Origin} that is not the API's own ({@code http://} one of the names it serves, with its
 * port) and a request whose {@code Host} is not one of those names (DNS rebinding) get 403. The
 * names are {@code sluice.api.host}; on a loopback address also 127.0.0.1, localhost and [::1];
 * on a wildcard address (0.0.0.0, ::) those, the machine's interface addresses and its host name.
 * Requests without {@code Origin} (curl, the CLI) are not affected.
 */
final class BrowserGuard extends AllDirectives {
  private final Set<String> names;
  private volatile int port;

  BrowserGuard(String host, int port) {
    this.names = Collections.unmodifiableSet(names(host));
    this.port = port;
  }

  /** The port the server is bound to, once known (the configured port may be 0: any free one). */
  void boundTo(int port) {
    this.port = port;
  }

  Route route(Supplier<Route> inner) {
    return extractRequest(request -> problem(header(request, "Host"), header(request, "Origin"))
        .map(problem -> complete(HttpResponse.create().withStatus(StatusCodes.FORBIDDEN)
            .withEntity(ContentTypes.APPLICATION_JSON, ApiJson.error(problem).toString())))
        .orElseGet(inner));
  }

  /** Why a request with these {@code Host} and {@code Origin} values (null when absent) is refused; empty when it is not. */
  Optional<String> problem(String host, String origin) {
    if (host != null && !serves(host.trim())) {
      return Optional.of("the Host header names an address this API does not serve; call it at its own address");
    }
    if (origin != null && !ownOrigin(origin.trim())) {
      return Optional.of("cross-site requests from web pages are refused (the Origin header is not this API's own)");
    }
    return Optional.empty();
  }

  /** True when {@code authority} ({@code name[:port]}, port 80 when left out) is one this API serves. */
  private boolean serves(String authority) {
    String text = authority.toLowerCase(Locale.ROOT);
    String name;
    String portText;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) return false;
      name = text.substring(0, close + 1);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) return false;
      portText = rest.isEmpty() ? "" : rest.substring(1);
    } else {
      int colon = text.lastIndexOf(':');
      name = colon < 0 ? text : text.substring(0, colon);
      portText = colon < 0 ? "" : text.substring(colon + 1);
    }
    int requested;
    try {
      requested = portText.isEmpty() ? 80 : Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      return false;
    }
    return requested == port && port > 0 && names.contains(normal(name));
  }

  private boolean ownOrigin(String origin) {
    try {
      URI uri = new URI(origin);
      if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getRawAuthority() == null) return false;
      if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) return false;
      return serves(uri.getRawAuthority());
    } catch (Exception e) {
      return false; // "null" (a sandboxed or file page) and anything unreadable
    }
  }

  private static String header(HttpRequest request, String name) {
    return request.getHeader(name).map(HttpHeader::value).orElse(null);
  }

  private static Set<String> names(String host) {
    Set<String> names = new HashSet<>();
    names.add(normal(bracketed(host)));
    InetAddress bound = null;
    try {
      bound = InetAddress.getByName(host);
    } catch (Exception e) {
      // a name that does not resolve serves only itself (the node would not bind to it anyway)
    }
    if (bound != null && (bound.isLoopbackAddress() || bound.isAnyLocalAddress())) {
      names.addAll(Set.of("127.0.0.1", "localhost", normal("[::1]")));
    }
    if (bound != null && bound.isAnyLocalAddress()) {
      try {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
          for (InetAddress address : Collections.list(nic.getInetAddresses())) names.add(literal(address));
        }
        InetAddress self = InetAddress.getLocalHost();
        names.add(normal(self.getHostName()));
        names.add(literal(self));
      } catch (Exception e) {
        // without the interface list only the names above are served
      }
    }
    return names;
  }

  private static String literal(InetAddress address) {
    String text = address.getHostAddress().toLowerCase(Locale.ROOT);
    int scope = text.indexOf('%');
    if (scope >= 0) text = text.substring(0, scope);
    return address instanceof Inet6Address ? "[" + text + "]" : text;
  }

  /** A name as it is kept: IP literals in one spelling ({@code [::1]} and {@code [0:0:0:0:0:0:0:1]} are one), other names in lower case. */
  private static String normal(String name) {
    String text = name.toLowerCase(Locale.ROOT);
    boolean ipv6 = text.startsWith("[") && text.endsWith("]");
    String inner = ipv6 ? text.substring(1, text.length() - 1) : text;
    if (ipv6 ? inner.matches("[0-9a-f:.%a-z]+") && inner.contains(":") : inner.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
      try {
        return literal(InetAddress.getByName(inner)); // a literal: no name lookup
      } catch (Exception e) {
        return text;
      }
    }
    return text;
  }

  private static String bracketed(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
