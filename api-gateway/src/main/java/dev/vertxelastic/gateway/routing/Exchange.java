package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.discovery.Endpoint;
import dev.vertxelastic.platform.discovery.Route;
import dev.vertxelastic.platform.http.Problem;
import dev.vertxelastic.platform.http.Problems;
import dev.vertxelastic.platform.http.RequestIds;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One public request on its way to a service, from admission to the end of its answer: its route,
 * the service's breaker, the one deadline of all its attempts, the endpoint of the current
 * attempt (counted in flight on that endpoint until released), and whether it has ended. Lives
 * on the request's event loop only.
 */
final class Exchange {

  /** Methods that may be sent again when no connection could be opened (nothing reached the service). */
  private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT,
      HttpMethod.DELETE, HttpMethod.OPTIONS);

  final RoutingContext ctx;
  final HttpServerRequest incoming;
  final Route route;
  final UpstreamPath path;
  final ServiceCircuit circuit;
  private final long deadlineNanos;
  private Endpoint endpoint;
  private Endpoint failed;
  private Runnable lease = () -> { };
  private boolean done;

  Exchange(RoutingContext ctx, Route route, UpstreamPath path, ServiceCircuit circuit, long timeoutMillis) {
    this.ctx = ctx;
    this.incoming = ctx.request();
    this.route = route;
    this.path = path;
    this.circuit = circuit;
    this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
  }

  String service() {
    return route.service();
  }

  /** Milliseconds left of the deadline, at least 1 (a timer or timeout of 0 would mean none). */
  long millisLeft() {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }

  /** The deadline of all the exchange's attempts, on {@link System#nanoTime}'s scale. */
  long deadlineNanos() {
    return deadlineNanos;
  }

  boolean expired() {
    return deadlineNanos - System.nanoTime() <= 0;
  }

  /** Starts an attempt on {@code endpoint}, ending the prior one's lease. */
  void attempt(Endpoint next, Runnable nextLease) {
    lease.run();
    endpoint = next;
    lease = nextLease;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /**
   * The one retry policy: an attempt that failed before the service could have acted on it (no
   * connection; or, for a bodiless request, a connection lost before any answer) may be made once
   * more, on another endpoint, if the request is idempotent and the deadline not passed. Records the endpoint to avoid.
   */
  boolean mayRetry(boolean connected) {
    if (failed != null || expired() || !IDEMPOTENT.contains(incoming.method()) || connected && hasBody()) {
      return false;
    }
    failed = endpoint;
    return true;
  }

  /** The endpoint of a failed first attempt, which a retry avoids. */
  Endpoint avoid() {
    return failed;
  }

  /** Whether the client sends a body (a length above zero or chunks). */
  boolean hasBody() {
    String length = incoming.getHeader(HttpHeaders.CONTENT_LENGTH);
    return length != null ? !length.trim().equals("0") : incoming.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }

  boolean done() {
    return done;
  }

  /**
   * Ends the exchange once: records its outcome with the breaker ({@code null}: nothing reached the
   * service). The endpoint stays leased until {@link #release}: an answer may still be relayed, a tunnel stay open.
   */
  boolean finish(Outcome outcome) {
    if (done) {
      return false;
    }
    done = true;
    if (outcome != null) {
      circuit.record(outcome);
    } else {
      circuit.release();
    }
    return true;
  }

  /** Releases the endpoint once the answer is relayed or the tunnel closes. */
  void release() {
    lease.run();
  }

  /** Ends the exchange with {@code outcome} and answers the client with {@code problem}. */
  void fail(Outcome outcome, Problem problem) {
    if (finish(outcome)) {
      answer(problem);
    }
  }

  /** Answers the client with {@code problem} (the exchange has ended), releasing the endpoint. */
  void answer(Problem problem) {
    release();
    // Paused since admission: a paused request holds back the next one on its connection.
    incoming.resume();
    Problems.write(incoming.response(), problem, incoming.path(), RequestIds.get(ctx));
  }
}
