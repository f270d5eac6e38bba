package dev.vertxelastic.localstack;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The local stand-in for the kubelet's readiness probe: {@code GET /health/ready}; 200 means
 * ready, any other answer means serving but not ready (draining, full), no answer means gone.
 */
final class ReadinessProbe {

  private static final long TIMEOUT_MS = 1000;
  private final HttpClient client;

  ReadinessProbe(Vertx vertx) {
    this.client = vertx.createHttpClient();
  }

  Future<Void> probe(Instance instance) {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(instance.port())
        .setURI("/health/ready").setIdleTimeout(TIMEOUT_MS).setConnectTimeout(TIMEOUT_MS);
    return client.request(request)
        .compose(req -> req.send().compose(resp -> resp.end().map(resp.statusCode())))
        .transform(ar -> ar.succeeded()
            ? instance.publication().update(ar.result() == 200, true)
            : instance.publication().update(false, false));
  }
}
