package dev.vertxelastic.edu;

import dev.vertxelastic.platform.http.Problems;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.vertxelastic.edu.ApiClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One service instance over real HTTP on one store for a whole test class, with the helpers the API
 * contracts share. Each contract has a subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServiceOnStore {

  TestStore store;
  ServiceRuntime<EduCourseVerticle> runtime;
  Vertx vertx;
  ApiClient api;

  /** The store this variant runs on, or null when it is not configured here (its tests are then skipped). */
  abstract TestStore openStore(Path dir) throws Exception;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    store = openStore(dir);
    if (store == null) {
      return;
    }
    // A long cache life, so the catalog cache test sees a cached read; writes through the API invalidate it anyway.
    runtime = store.startService(Map.of("CATALOG_CACHE_TTL", "5m"));
    vertx = Vertx.vertx();
    api = new ApiClient(vertx, runtime.verticle().actualPort());
  }

  @AfterAll
  void stop() throws Exception {
    if (api != null) {
      api.close();
      Await.result(vertx.close());
    }
    if (runtime != null) {
      Await.result(runtime.stop());
    }
    if (store != null) {
      store.close();
    }
  }

  @BeforeEach
  void requireStore() {
    PostgresTestStore.assumeConfigured(store);
  }

  JsonObject createCourse(String owner, JsonObject body) throws Exception {
    return expect(201, api.post("/api/courses", api.instructor(owner), body));
  }

  static Set<String> badFields(HttpResponse<Buffer> response) {
    assertEquals(400, response.statusCode(), response.bodyAsString());
    assertEquals(Problems.CONTENT_TYPE, response.getHeader("Content-Type"));
    return response.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("field")).collect(Collectors.toSet());
  }

  static List<String> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("id")).toList();
  }
}
