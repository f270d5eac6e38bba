package dev.vertxelastic.localstack;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * The local preStop hook of a game instance: {@code POST /admin/drain}, then
 * {@code GET /admin/drain} every half second until it reports completed, on its management port.
 */
final class GameDrainer {

  private static final long POLL_MS = 500;
  private final Vertx vertx;
  private final HttpClient client;

  GameDrainer(Vertx vertx) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient();
  }

  /** Completes with the number of sessions the drain had to cut when it is over. */
  Future<Integer> drain(Instance instance) {
    Promise<Integer> done = Promise.promise();
    call(instance, HttpMethod.POST).onComplete(started -> {
      if (started.failed()) {
        done.fail(started.cause());
      } else {
        poll(instance, done);
      }
    });
    return done.future();
  }

  private void poll(Instance instance, Promise<Integer> done) {
    call(instance, HttpMethod.GET).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
      } else if (ar.result().getBoolean("completed", false)) {
        done.complete(ar.result().getInteger("dropped", 0));
      } else {
        vertx.setTimer(POLL_MS, t -> poll(instance, done));
      }
    });
  }

  private Future<JsonObject> call(Instance instance, HttpMethod method) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(instance.managementPort())
        .setURI("/admin/drain").setIdleTimeout(5000);
    return client.request(options)
        .compose(req -> req.send().compose(resp -> resp.body().map(body -> {
          if (resp.statusCode() >= 300) {
            throw new IllegalStateException(instance.id() + " answered " + resp.statusCode() + " to " + method + " /admin/drain");
          }
          return body.length() == 0 ? new JsonObject() : body.toJsonObject();
        })));
  }
}
