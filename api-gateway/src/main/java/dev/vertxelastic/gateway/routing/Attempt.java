package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.AsyncResult;
import io.vertx.httpproxy.ProxyResponse;

import java.util.concurrent.TimeoutException;

/**
 * The result of handing one request to a service: the upstream response to relay, or the problem
 * to answer instead; its {@link Outcome} (null when no upstream was called, e.g. no ready
 * endpoint) and whether it counts against the service's circuit breaker.
 */
record Attempt(ProxyResponse response, Problem problem, Outcome outcome, boolean breaksCircuit) {

  Attempt {
    if ((response == null) == (problem == null)) {
      throw new IllegalArgumentException("an attempt has either a response or a problem");
    }
  }

  static Attempt of(String service, long timeoutMillis, AsyncResult<ProxyResponse> result) {
    if (result.succeeded()) {
      int status = result.result().getStatusCode();
      return new Attempt(result.result(), null, Outcome.ofStatus(status), status == 500 || status == 502 || status == 504);
    }
    Throwable failure = result.cause();
    if (failure instanceof Problem problem) {
      return new Attempt(null, problem, null, false);
    }
    if (failure instanceof TimeoutException) {
      return new Attempt(null, Problem.gatewayTimeout(service + " did not answer within " + timeoutMillis + " ms."),
          Outcome.TIMEOUT, true);
    }
    return new Attempt(null, new Problem(502, "Bad Gateway", service + " could not be reached."), Outcome.CONNECT_ERROR, true);
  }

  static Attempt rejected(Problem problem) {
    return new Attempt(null, problem, Outcome.REJECTED, false);
  }
}
