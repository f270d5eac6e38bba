package dev.vertxelastic.localstack;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /prometheus/targets: Prometheus HTTP service discovery of every instance, scaled-up ones too. */
@ExtendWith(VertxExtension.class)
class PrometheusTargetsTest {

  static LocalStack stack;
  static WebClient http;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    stack = TestStacks.start("targets", 1, 1, Map.of());
    http = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(stack.stop());
  }

  @Test
  void everyInstanceIsATargetLabelledLikeItsKubernetesPodAndServesMetrics() throws Exception {
    Map<String, JsonObject> byPod = targets();

    assertEquals(Map.of("gateway-1", "gateway", "edu-1", "edu", "game-1", "game"), components(byPod));
    assertEquals(new JsonArray().add("127.0.0.1:" + stack.managementPort()), byPod.get("gateway-1").getJsonArray("targets"));
    for (JsonObject group : byPod.values()) {
      JsonObject labels = group.getJsonObject("labels");
      assertEquals("vertx-elastic", labels.getString("app_kubernetes_io_part_of"));
      assertEquals("local", labels.getString("namespace"));
      HttpResponse<Buffer> metrics = Await.result(http.getAbs("http://" + group.getJsonArray("targets").getString(0) + "/metrics").send());
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.bodyAsString().contains("jvm_memory_used_bytes"), labels.encode());
    }
  }

  @Test
  void aScaledUpInstanceBecomesATargetAndLeavesWhenScaledDown() throws Exception {
    HttpResponse<Buffer> added = Await.result(http.post(stack.controlPort(), "127.0.0.1", "/instances/games").send());
    assertEquals(201, added.statusCode(), added.bodyAsString());
    String id = added.bodyAsJsonObject().getString("id");

    assertEquals("game", targets().get(id).getJsonObject("labels").getString("app_kubernetes_io_component"));
    HttpResponse<Buffer> removed = Await.result(http.delete(stack.controlPort(), "127.0.0.1", "/instances/" + id).send());
    assertEquals(200, removed.statusCode(), removed.bodyAsString());
    assertTrue(!targets().containsKey(id), "a stopped instance is no target");
  }

  private static Map<String, JsonObject> targets() throws Exception {
    HttpResponse<Buffer> r = Await.result(http.get(stack.controlPort(), "127.0.0.1", "/prometheus/targets").send());
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.getHeader("Content-Type"));
    Map<String, JsonObject> byPod = new HashMap<>();
    r.bodyAsJsonArray().forEach(o -> byPod.put(((JsonObject) o).getJsonObject("labels").getString("pod"), (JsonObject) o));
    return byPod;
  }

  private static Map<String, String> components(Map<String, JsonObject> byPod) {
    Map<String, String> components = new HashMap<>();
    byPod.forEach((pod, group) -> components.put(pod, group.getJsonObject("labels").getString("app_kubernetes_io_component")));
    return components;
  }
}
