package dev.vertxelastic.localstack;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control API scales instances up and down the way Kubernetes would, without losing a request. */
@ExtendWith(VertxExtension.class)
class ScalingTest {

  static LocalStack stack;
  static StackClient client;
  static WebClient control;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    stack = TestStacks.start("scaling", 1, 1, Map.of("SHUTDOWN_TIMEOUT", "5s", "GAME_DRAIN_DEADLINE", "5s"));
    client = new StackClient(vertx, stack.gatewayPort());
    control = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(stack.stop());
  }

  @Test
  void aCourseInstanceAddedAndRemovedUnderLoadCostsNoRequestAndTakesItsShare() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    Map<Integer, Integer> failures = new ConcurrentHashMap<>();
    Future<Void> load = Future.join(java.util.stream.IntStream.range(0, 4)
        .mapToObj(i -> loop(running, ok, failures)).toList()).mapEmpty();

    HttpResponse<Buffer> added = Await.result(control.post(stack.controlPort(), "127.0.0.1", "/instances/courses").send());
    assertEquals(201, added.statusCode(), added.bodyAsString());
    String id = added.bodyAsJsonObject().getString("id");
    assertEquals("edu-2", id);

    long before = servedBy(id);
    int okBefore = ok.get();
    Await.until("100 more requests served", () -> ok.get() >= okBefore + 100, failures::toString);
    assertTrue(servedBy(id) - before >= 20, "the new instance takes its share of the load");

    HttpResponse<Buffer> removed = Await.result(control.delete(stack.controlPort(), "127.0.0.1", "/instances/" + id).send());
    assertEquals(200, removed.statusCode(), removed.bodyAsString());
    assertEquals(new JsonObject().put("instance", id).put("dropped", 0), removed.bodyAsJsonObject());
    int okAfter = ok.get();
    Await.until("50 more requests served", () -> ok.get() >= okAfter + 50, failures::toString);
    running.set(false);
    Await.result(load);
    assertEquals(Map.of(), failures, "failed requests by status");
    assertEquals(java.util.List.of("edu-1"), stack.instanceIds("courses"));
  }

  @Test
  void unknownServicesAndInstancesAre404Problems() throws Exception {
    HttpResponse<Buffer> r = Await.result(control.post(stack.controlPort(), "127.0.0.1", "/instances/printers").send());
    assertEquals(404, r.statusCode());
    assertEquals("application/problem+json", r.getHeader("Content-Type"));
    assertEquals(404, Await.result(control.delete(stack.controlPort(), "127.0.0.1", "/instances/edu-9").send()).statusCode());
  }

  private long servedBy(String id) throws Exception {
    String url = stack.instances().get(id);
    HttpResponse<Buffer> metrics = Await.result(control.getAbs(url + "/metrics").send());
    return metrics.bodyAsString().lines()
        .filter(l -> l.startsWith("vertx_http_server_requests_total{") && l.contains("route=\"/api/courses\""))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static Future<Void> loop(AtomicBoolean running, AtomicInteger ok, Map<Integer, Integer> failures) {
    if (!running.get()) {
      return Future.succeededFuture();
    }
    return client.http.get(client.port, "127.0.0.1", "/api/courses?size=3").send()
        .map(r -> {
          if (r.statusCode() == 200) {
            ok.incrementAndGet();
          } else {
            failures.merge(r.statusCode(), 1, Integer::sum);
          }
          return null;
        })
        .otherwise(err -> {
          failures.merge(-1, 1, Integer::sum);
          return null;
        })
        .compose(v -> loop(running, ok, failures));
  }
}
