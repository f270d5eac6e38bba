package dev.vertxelastic.gateway.edge;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds what a connection may hold on a public server, beside its idle timeout: the first
 * request's head must arrive within {@code GATEWAY_HEADER_TIMEOUT} of the connection opening (a
 * slowloris sending a byte a second is closed; between requests a kept-alive connection is left to
 * the idle timeout, as closing it then races a client's next request), and at most
 * {@code GATEWAY_MAX_CONNECTIONS} connections are open at once: one more is closed as it opens,
 * so file descriptors never run out and the server keeps accepting once load falls. Installed on
 * a server before it listens ({@link #install}) plus, as the router's first handler, {@link #requestHead}.
 */
public final class ConnectionGuard {

  private final Vertx vertx;
  private final long headerTimeoutMillis;
  private final int maxConnections;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  /** The pending head timer of each connection that has not sent its first request head yet. */
  private final Map<HttpConnection, Long> waiting = new ConcurrentHashMap<>();

  public ConnectionGuard(Vertx vertx, Duration headerTimeout, int maxConnections) {
    if (headerTimeout.isZero() || headerTimeout.isNegative() || maxConnections < 1) {
      throw new IllegalArgumentException("the header timeout and the connection cap must be positive");
    }
    this.vertx = vertx;
    this.headerTimeoutMillis = headerTimeout.toMillis();
    this.maxConnections = maxConnections;
  }

  /** {@code GATEWAY_HEADER_TIMEOUT} (10s) and {@code GATEWAY_MAX_CONNECTIONS} (10000). */
  public static ConnectionGuard fromEnv(Vertx vertx, Env env) {
    Duration headerTimeout = env.duration("GATEWAY_HEADER_TIMEOUT", Duration.ofSeconds(10));
    if (headerTimeout.isZero()) {
      throw new ConfigException("GATEWAY_HEADER_TIMEOUT", env.raw("GATEWAY_HEADER_TIMEOUT"), "must be longer than zero");
    }
    return new ConnectionGuard(vertx, headerTimeout, env.integer("GATEWAY_MAX_CONNECTIONS", 10_000, 1, 1_000_000));
  }

  /** Guards every connection {@code server} accepts; call before it listens. */
  public HttpServer install(HttpServer server) {
    return server.connectionHandler(this::opened);
  }

  /** A connection the server accepted: refused beyond the cap, else its first request head is awaited. */
  public void opened(HttpConnection connection) {
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      refused.incrementAndGet();
      connection.close();
      return;
    }
    awaitHead(connection);
    connection.closeHandler(v -> {
      open.decrementAndGet();
      Long timer = waiting.remove(connection);
      if (timer != null) {
        vertx.cancelTimer(timer);
      }
    });
  }

  private void awaitHead(HttpConnection connection) {
    waiting.put(connection, vertx.setTimer(headerTimeoutMillis, id -> {
      if (waiting.remove(connection, id)) {
        connection.close();
      }
    }));
  }

  /** First handler of the router: a request head arrived, so the connection's head timer is over. */
  public void requestHead(RoutingContext ctx) {
    Long timer = waiting.remove(ctx.request().connection());
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
    ctx.next();
  }


  /** Connections open now. */
  public int open() {
    return open.get();
  }

  /** Connections closed as they opened because the cap was reached. */
  public int refused() {
    return refused.get();
  }
}
