package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.http.RequestIds;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The headers that cross the gateway: end-to-end ones only (RFC 9110 §7.6.1), plus the
 * {@code X-Forwarded-*} headers on the way in.
 */
final class ForwardedHeaders {

  private static final Names HOP_BY_HOP = new Names("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host", "expect");
  /** A WebSocket upgrade must reach the service as one. */
  private static final Names UPGRADE = new Names("connection", "upgrade");
  private static final Names NONE = new Names();
  /**
   * The client's trace context lives on in the gateway's server span; Vert.x tracing adds the
   * gateway's client span to the outgoing request (it adds, so a copied header would make two).
   */
  private static final Names TRACE_CONTEXT = new Names(W3CTraceContextPropagator.getInstance().fields().toArray(String[]::new));
  /** The gateway answers with its own request id. */
  private static final Names REQUEST_ID = new Names(RequestIds.HEADER);

  private ForwardedHeaders() {
  }

  /** Adds to {@code out} the headers to send upstream for {@code incoming}; an upgrade keeps its {@code Connection} and {@code Upgrade}. */
  static void request(HttpServerRequest incoming, boolean upgrade, MultiMap out) {
    copy(incoming.headers(), upgrade ? UPGRADE : NONE, TRACE_CONTEXT, out);
    if (incoming.remoteAddress() != null) {
      String prior = incoming.getHeader("X-Forwarded-For");
      String client = incoming.remoteAddress().hostAddress();
      out.set("X-Forwarded-For", prior == null ? client : prior + ", " + client);
    }
    out.set("X-Forwarded-Proto", incoming.scheme() == null ? "http" : incoming.scheme());
    if (incoming.authority() != null) {
      out.set("X-Forwarded-Host", incoming.authority().toString());
    }
  }

  /** Adds to {@code out} the upstream answer's headers to relay; the gateway answers with its own request id. */
  static void response(MultiMap upstream, MultiMap out) {
    copy(upstream, NONE, REQUEST_ID, out);
  }

  /** Adds to {@code out} the end-to-end headers of {@code headers} (and those in {@code keep}), except {@code drop}. */
  private static void copy(MultiMap headers, Names keep, Names drop, MultiMap out) {
    // Headers that Connection names are hop-by-hop too; a set is built only for names beyond the
    // usual ones (a browser's "Connection: keep-alive" needs none).
    Set<String> named = null;
    for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
      for (String name : value.split(",")) {
        String token = name.trim();
        if (!token.isEmpty() && !token.equalsIgnoreCase("close") && !HOP_BY_HOP.contains(token) && !keep.contains(token)) {
          named = named == null ? new TreeSet<>(String.CASE_INSENSITIVE_ORDER) : named;
          named.add(token);
        }
      }
    }
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey();
      boolean hop = HOP_BY_HOP.contains(name) && !keep.contains(name);
      if (!hop && !drop.contains(name) && (named == null || !named.contains(name))) {
        out.add(name, header.getValue());
      }
    }
  }

  /** A fixed set of header names, case-insensitive, looked up among the names of the same length only. */
  private static final class Names {
    private final String[][] byLength;

    Names(String... names) {
      int longest = Arrays.stream(names).mapToInt(String::length).max().orElse(0);
      byLength = new String[longest + 1][0];
      for (String name : names) {
        String[] same = byLength[name.length()];
        byLength[name.length()] = Arrays.copyOf(same, same.length + 1);
        byLength[name.length()][same.length] = name;
      }
    }

    boolean contains(String name) {
      if (name.length() >= byLength.length) {
        return false;
      }
      for (String candidate : byLength[name.length()]) {
        if (candidate.equalsIgnoreCase(name)) {
          return true;
        }
      }
      return false;
    }
  }
}
