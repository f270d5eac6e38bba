package dev.vertxelastic.gateway.discovery;

import dev.vertxelastic.platform.testing.OnOneContext;
import dev.vertxelastic.platform.kubernetes.KubernetesSettings;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP side of list and watch: the Status of a refusal becomes an {@link ApiFailure} the reflector can sort. */
@ExtendWith(VertxExtension.class)
class KubernetesApiTest {

  static final JsonObject TOO_LARGE = new JsonObject().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
      .put("message", "Timeout: Too large resource version: 20, current: 10").put("reason", "Timeout").put("code", 504)
      .put("details", new JsonObject().put("causes", new JsonArray().add(new JsonObject()
          .put("reason", "ResourceVersionTooLarge").put("message", "Too large resource version"))));

  final List<String> uris = new CopyOnWriteArrayList<>();
  HttpServer server;
  KubernetesApi api;

  KubernetesApi api(Vertx vertx, int status, String body) {
    server = Await.result(vertx.createHttpServer().requestHandler(request -> {
      uris.add(request.uri());
      request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }).listen(0, "127.0.0.1"));
    api = new KubernetesApi(vertx, new KubernetesSettings(URI.create("http://127.0.0.1:" + server.actualPort()), "test", null, null));
    return api;
  }

  static Throwable failure(Future<?> future) {
    return Await.result(future.transform(done -> Future.succeededFuture(done.cause())));
  }

  @AfterEach
  void stop() {
    Await.result(api.close());
    Await.result(server.close());
  }

  @Test
  void aListRefusedForATooLargeVersionIsRecognisedAsSuch(Vertx vertx) {
    KubernetesApi api = api(vertx, 504, TOO_LARGE.encode());
    // Called on one Vert.x context, as the gateway calls it (from a test thread the 5.0.7 client can lose a response under load).
    Throwable failure = failure(OnOneContext.of(vertx).call(() -> api.services("a=b").list("20")));

    assertInstanceOf(ApiFailure.class, failure);
    assertTrue(ApiFailure.isTooLargeVersion(failure), failure.getMessage());
    assertEquals("504: Timeout: Too large resource version: 20, current: 10", failure.getMessage());
  }

  @Test
  void aWatchAsksForBookmarksAndTheGivenServerTimeoutAndARefusalKeepsItsStatus(Vertx vertx) {
    KubernetesApi api = api(vertx, 429, new JsonObject().put("kind", "Status").put("code", 429)
        .put("reason", "TooManyRequests").put("message", "too many requests").encode());
    Throwable failure = failure(OnOneContext.of(vertx).call(() -> api.endpointSlices("a=b").watch("7", 437, e -> { })));

    assertTrue(ApiFailure.isTooManyRequests(failure), failure.getMessage());
    assertEquals("/apis/discovery.k8s.io/v1/namespaces/test/endpointslices?labelSelector=a%3Db&watch=true&allowWatchBookmarks=true"
        + "&timeoutSeconds=437&resourceVersion=7", uris.get(0));
  }
}
