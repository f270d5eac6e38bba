package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.http.RequestIds;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The headers that cross the gateway: end-to-end ones only (RFC 9110 §7.6.1), plus the
 * {@code X-Forwarded-*} headers on the way in.
 */
final class ForwardedHeaders {

  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host", "expect");
  /** A WebSocket upgrade must reach the service as one. */
  private static final Set<String> UPGRADE = Set.of("connection", "upgrade");

  private ForwardedHeaders() {
  }

  /** The headers to send upstream for {@code incoming}; an upgrade keeps its {@code Connection} and {@code Upgrade}. */
  static MultiMap request(HttpServerRequest incoming, boolean upgrade) {
    MultiMap out = copy(incoming.headers(), upgrade ? UPGRADE : Set.of());
    // The client's trace context lives on in the gateway's server span; Vert.x tracing adds the
    // gateway's client span to the outgoing request (it adds, so a copied header would make two).
    W3CTraceContextPropagator.getInstance().fields().forEach(out::remove);
    if (incoming.remoteAddress() != null) {
      String prior = incoming.getHeader("X-Forwarded-For");
      String client = incoming.remoteAddress().hostAddress();
      out.set("X-Forwarded-For", prior == null ? client : prior + ", " + client);
    }
    out.set("X-Forwarded-Proto", incoming.scheme() == null ? "http" : incoming.scheme());
    if (incoming.authority() != null) {
      out.set("X-Forwarded-Host", incoming.authority().toString());
    }
    return out;
  }

  /** The upstream answer's headers to relay; the gateway answers with its own request id. */
  static MultiMap response(MultiMap upstream) {
    MultiMap out = copy(upstream, Set.of());
    out.remove(RequestIds.HEADER);
    return out;
  }

  private static MultiMap copy(MultiMap headers, Set<String> keep) {
    Set<String> drop = new HashSet<>();
    for (String name : HOP_BY_HOP) {
      if (!keep.contains(name)) {
        drop.add(name);
      }
    }
    // Headers that Connection names are hop-by-hop too.
    for (String value : headers.getAll("Connection")) {
      for (String name : value.split(",")) {
        String token = name.trim().toLowerCase(Locale.ROOT);
        if (!keep.contains(token)) {
          drop.add(token);
        }
      }
    }
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    headers.forEach((name, value) -> {
      if (!drop.contains(name.toLowerCase(Locale.ROOT))) {
        out.add(name, value);
      }
    });
    return out;
  }
}
