package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.http.Problem;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A public path the gateway routes: {@code /api/<segment>[/<resource>[/**]]} or
 * {@code /ws/<segment>[/<resource>[/**]]}. The resource id may name the instance that hosts it
 * ({@code <instance>.<suffix>}, as game ids do).
 */
public record UpstreamPath(String segment, String resource) {

  public UpstreamPath {
    Objects.requireNonNull(segment, "segment");
    if (segment.isEmpty()) {
      throw new IllegalArgumentException("empty route segment");
    }
  }

  /** The routed path of a raw request path, or empty when it is not under {@code /api/} or {@code /ws/}. */
  public static Optional<UpstreamPath> parse(String rawPath) {
    String rest;
    if (rawPath.startsWith("/api/")) {
      rest = rawPath.substring("/api/".length());
    } else if (rawPath.startsWith("/ws/")) {
      rest = rawPath.substring("/ws/".length());
    } else {
      return Optional.empty();
    }
    String[] parts = rest.split("/", 3);
    if (parts[0].isEmpty()) {
      return Optional.empty();
    }
    String resource = parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null;
    return Optional.of(new UpstreamPath(parts[0], resource));
  }

  /** The instance named by the resource id: what precedes its last '.', or null when it names none. */
  public String namedInstance() {
    if (resource == null) {
      return null;
    }
    int dot = resource.lastIndexOf('.');
    return dot > 0 ? resource.substring(0, dot) : null;
  }

  /**
   * First handler of the public router: the proxy forwards the raw path, so a path that a
   * backend would resolve differently than the gateway (dot segments, encoded dots or slashes,
   * backslashes) is refused with 400.
   */
  public static void rejectTraversal(RoutingContext ctx) {
    if (isTraversal(ctx.request().path())) {
      throw Problem.badRequest("The path must not contain '..', backslashes or encoded dots and slashes.");
    }
    ctx.next();
  }

  static boolean isTraversal(String rawPath) {
    String path = rawPath.toLowerCase(Locale.ROOT);
    return path.contains("..") || path.contains("\\") || path.contains("%2e") || path.contains("%2f") || path.contains("%5c");
  }
}
