package dev.vertxelastic.platform.kubernetes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Kubernetes API server for tests of a pod patching itself: answers {@code PATCH
 * /api/v1/namespaces/{ns}/pods/{name}} and records every patch it got; it can refuse the next
 * patches with a status (e.g. 403 before the RBAC rule exists).
 */
public final class FakePodApi {

  /** One PATCH as received. */
  public record Patch(String path, String contentType, String authorization, JsonObject body) {
  }

  /** Every patch answered 200, in order. */
  public final List<Patch> patches = new CopyOnWriteArrayList<>();
  /** Every patch refused, in order. */
  public final List<Patch> refused = new CopyOnWriteArrayList<>();
  private final AtomicInteger refuseNext = new AtomicInteger();
  private volatile int refuseWith = 500;
  private HttpServer server;

  private FakePodApi() {
  }

  /** Starts on a free loopback port. */
  public static Future<FakePodApi> start(Vertx vertx) {
    FakePodApi api = new FakePodApi();
    return vertx.createHttpServer().requestHandler(api::handle).listen(0, "127.0.0.1").map(s -> {
      api.server = s;
      return api;
    });
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The next {@code count} patches get {@code status} with a Kubernetes Status body. */
  public void refuseNext(int count, int status) {
    refuseWith = status;
    refuseNext.set(count);
  }

  public Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      boolean podPath = request.path().matches("^/api/v1/namespaces/[^/]+/pods/[^/]+$");
      if (request.method().name().equals("PATCH") && podPath) {
        Patch patch = new Patch(request.path(), request.getHeader("Content-Type"), request.getHeader("Authorization"),
            body.length() == 0 ? new JsonObject() : body.toJsonObject());
        if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          refused.add(patch);
          status(request, refuseWith, "refused by the test");
          return;
        }
        patches.add(patch);
        request.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("kind", "Pod")
            .put("apiVersion", "v1").put("metadata", patch.body().getJsonObject("metadata", new JsonObject())).encode());
      } else {
        status(request, 404, "the server could not find the requested resource");
      }
    });
  }

  private static void status(HttpServerRequest request, int code, String message) {
    request.response().setStatusCode(code).putHeader("Content-Type", "application/json").end(new JsonObject()
        .put("kind", "Status").put("apiVersion", "v1").put("status", "Failure").put("message", message).put("code", code).encode());
  }
}
