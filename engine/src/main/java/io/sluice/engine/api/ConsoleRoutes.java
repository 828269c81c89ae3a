package io.sluice.engine.api;

import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The web console (contract §11): static ES modules and CSS from the jar, uPlot from its WebJar,
 * served at {@code /} beside the API on coordinator nodes. The pages hold no data and need no
 * token; they read everything from {@code /api/v1} with the token the user gives them. Every
 * answer carries a strict Content-Security-Policy: scripts, styles and calls only from this
 * origin, no inline script, no frames.
 */
final class ConsoleRoutes extends AllDirectives {
  /** Where the console's files are in the jar. */
  static final String ASSETS = "console";
  /** uPlot's ES module and CSS, from {@code org.webjars.npm:uplot}. */
  static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist";

  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final List<HttpHeader> HEADERS = List.of(
      RawHeader.create("Content-Security-Policy", CONTENT_SECURITY_POLICY),
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("X-Frame-Options", "DENY"),
      RawHeader.create("Referrer-Policy", "no-referrer"),
      // the console changes with the node's version: the browser asks again rather than run an old copy
      RawHeader.create("Cache-Control", "no-cache"));

  Route route() {
    return get(() -> respondWithHeaders(HEADERS, () -> concat(
        pathSingleSlash(() -> getFromResource(ASSETS + "/index.html")),
        pathPrefix("console", () -> concat(
            pathPrefix("lib", () -> getFromResourceDirectory(UPLOT)),
            getFromResourceDirectory(ASSETS))))));
  }
}
