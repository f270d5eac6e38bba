package dev.vertxelastic.gateway.discovery;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * client-go's HTTP/2 connection health check (its ReadIdleTimeout and PingTimeout): every HTTP/2
 * connection that carries a watch is sent a PING each interval, and one that does not answer in
 * time is closed, which ends its watches at once, so a silently dead connection (a node gone, a
 * path cut) is noticed within interval + timeout instead of never.
 */
final class Http2HealthCheck {

  static final long INTERVAL_MILLIS = 15_000;
  static final long TIMEOUT_MILLIS = 15_000;
  private static final Logger LOG = Logger.getLogger(Http2HealthCheck.class.getName());
  private static final Buffer PAYLOAD = Buffer.buffer("k8s-ping");

  private final Vertx vertx;
  private final long intervalMillis;
  private final long timeoutMillis;
  private final Set<HttpConnection> checked = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

  Http2HealthCheck(Vertx vertx, long intervalMillis, long timeoutMillis) {
    this.vertx = vertx;
    this.intervalMillis = intervalMillis;
    this.timeoutMillis = timeoutMillis;
  }

  /** Starts checking {@code connection} unless it is already checked; stops when it closes. */
  void watch(HttpConnection connection) {
    if (!checked.add(connection)) {
      return;
    }
    long timer = vertx.setPeriodic(intervalMillis, id -> connection.ping(PAYLOAD)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .onFailure(err -> {
          // Once per connection: a later ping of the same connection may fail too before it is closed.
          if (vertx.cancelTimer(id)) {
            LOG.info("Kubernetes API connection to " + connection.remoteAddress() + " did not answer a PING within "
                + timeoutMillis + " ms: closing it (" + err.getMessage() + ")");
            connection.close();
          }
        }));
    connection.closeHandler(v -> {
      vertx.cancelTimer(timer);
      checked.remove(connection);
    });
  }
}
