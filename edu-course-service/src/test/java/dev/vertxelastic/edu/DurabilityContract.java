package dev.vertxelastic.edu;

import dev.vertxelastic.platform.http.Problems;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;

import static dev.vertxelastic.edu.ApiClient.course;
import static dev.vertxelastic.edu.ApiClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What survives: a restart of the service keeps every enrollment and all progress, and a database
 * outage gives quick 503 problems, then heals by itself without losing an acknowledged write.
 */
abstract class DurabilityContract {

  /** How long one request may take while the database is down: the connect timeout plus slack. */
  static final long OUTAGE_ANSWER_MILLIS = 4_000;
  static final Map<String, String> OUTAGE_SETTINGS = Map.of("DB_CONNECT_TIMEOUT", "1s", "DB_QUERY_TIMEOUT", "2s",
      "CATALOG_CACHE_TTL", "0");

  Vertx vertx;
  final List<AutoCloseable> cleanups = new ArrayList<>();

  /** A store that outlives the service (H2 file, PostgreSQL), or null when not configured here. */
  abstract TestStore durableStore(Path dir) throws Exception;

  /** A store whose server the test can stop and start, or null when that cannot be done here. */
  abstract TestStore stoppableStore(Path dir) throws Exception;

  /** Why {@link #stoppableStore} is null. */
  abstract String noStoppableStore();

  /** A store with a database server on a TCP port (for a proxy in front of it), or null when not configured here. */
  abstract TestStore networkedStore(Path dir) throws Exception;

  @BeforeEach
  void createClientVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = cleanups.size() - 1; i >= 0; i--) {
      cleanups.get(i).close();
    }
    Await.result(vertx.close());
  }

  ServiceRuntime<EduCourseVerticle> start(TestStore store, Map<String, String> settings) throws Exception {
    ServiceRuntime<EduCourseVerticle> runtime = store.startService(settings);
    cleanups.add(() -> Await.result(runtime.stop()));
    return runtime;
  }

  @Test
  void aRestartOfTheServiceKeepsEnrollmentsAndProgress(@TempDir Path dir) throws Exception {
    TestStore store = durableStore(dir);
    PostgresTestStore.assumeConfigured(store);
    cleanups.add(store);
    ServiceRuntime<EduCourseVerticle> first = start(store, Map.of());
    ApiClient api = new ApiClient(vertx, first.verticle().actualPort());
    String courseId = expect(201, api.post("/api/courses", api.instructor("ada"), course("Durable Course", 3))).getString("id");
    expect(201, api.post("/api/courses/" + courseId + "/enrollments", api.learner("ivy"), null));
    expect(201, api.post("/api/courses/kubernetes-fundamentals/enrollments", api.learner("ivy"), null));
    expect(200, api.put("/api/learners/me/progress/" + courseId + "/lessons/l2", api.learner("ivy"),
        new JsonObject().put("completed", true)));
    api.close();
    Await.result(first.stop());

    ServiceRuntime<EduCourseVerticle> second = start(store, Map.of());
    ApiClient again = new ApiClient(vertx, second.verticle().actualPort());
    JsonArray enrollments = expect(200, again.get("/api/learners/me/enrollments", again.learner("ivy"))).getJsonArray("items");
    assertEquals(2, enrollments.size(), enrollments.encode());
    JsonObject progress = expect(200, again.get("/api/learners/me/progress/" + courseId, again.learner("ivy")));
    assertEquals(new JsonArray().add("l2"), progress.getJsonArray("completedLessonIds"));
    assertEquals(33, progress.getInteger("percentage"));
    expect(200, again.post("/api/courses/" + courseId + "/enrollments", again.learner("ivy"), null));
    assertEquals("Durable Course", expect(200, again.get("/api/courses/" + courseId)).getString("title"));
  }

  @Test
  void anUnreachableDatabaseGivesQuick503ProblemsAndTheServiceRecoversByItself(@TempDir Path dir) throws Exception {
    TestStore store = stoppableStore(dir);
    assumeTrue(store != null, noStoppableStore());
    cleanups.add(store);
    ServiceRuntime<EduCourseVerticle> runtime = start(store, OUTAGE_SETTINGS);
    ApiClient api = new ApiClient(vertx, runtime.verticle().actualPort());
    String learner = api.learner("jane");
    String courseId = expect(201, api.post("/api/courses", api.instructor("ada"), course("Outage Course", 2))).getString("id");
    String progressPath = "/api/learners/me/progress/" + courseId;
    expect(201, api.post("/api/courses/" + courseId + "/enrollments", learner, null));
    expect(200, api.put(progressPath + "/lessons/l1", learner, new JsonObject().put("completed", true)));

    store.stopServer();
    boolean restarted = false;
    try {
      List<Callable<HttpResponse<Buffer>>> requests = List.of(
          () -> api.get("/api/courses?q=outage"),
          () -> api.get("/api/courses/" + courseId),
          () -> api.post("/api/courses/java-for-beginners/enrollments", learner, null),
          () -> api.put(progressPath + "/lessons/l2", learner, new JsonObject().put("completed", true)),
          () -> api.get(progressPath, learner),
          () -> api.post("/api/courses", api.instructor("ada"), course("Written During The Outage", 1)));
      for (Callable<HttpResponse<Buffer>> request : requests) {
        long started = System.nanoTime();
        HttpResponse<Buffer> response = request.call();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(503, response.statusCode(), response.bodyAsString());
        assertEquals(Problems.CONTENT_TYPE, response.getHeader("Content-Type"));
        assertNotNull(response.getHeader("Retry-After"));
        assertTrue(millis < OUTAGE_ANSWER_MILLIS, "a 503 took " + millis + " ms");
      }
      assertEquals(200, api.get("/health/live").statusCode());
      store.startServer();
      restarted = true;
    } finally {
      if (!restarted) {
        store.startServer();
      }
    }

    JsonObject progress = eventually200(() -> api.get(progressPath, learner));
    assertEquals(new JsonArray().add("l1"), progress.getJsonArray("completedLessonIds"), "an acknowledged write was lost");
    JsonArray enrollments = expect(200, api.get("/api/learners/me/enrollments", learner)).getJsonArray("items");
    assertEquals(1, enrollments.size(), enrollments.encode());
    expect(201, api.post("/api/courses/java-for-beginners/enrollments", learner, null));
    expect(201, api.post("/api/courses", api.instructor("ada"), course("Written After The Outage", 1)));
    assertEquals(0, store.number("SELECT COUNT(*) FROM courses WHERE title = 'Written During The Outage'"));
  }

  @Test
  void aSilentDatabaseGivesQuick503ProblemsInsteadOfHangingAndTheServiceRecovers(@TempDir Path dir) throws Exception {
    TestStore store = networkedStore(dir);
    PostgresTestStore.assumeConfigured(store);
    cleanups.add(store);
    SilentProxy proxy = Await.result(SilentProxy.start(vertx, store.serverPort()));
    cleanups.add(() -> Await.result(proxy.close()));
    Map<String, String> settings = new HashMap<>(OUTAGE_SETTINGS);
    settings.put("DB_URL", store.dbUrlThrough(proxy.port()));
    ServiceRuntime<EduCourseVerticle> runtime = start(store, settings);
    ApiClient api = new ApiClient(vertx, runtime.verticle().actualPort());
    String learner = api.learner("kim");
    expect(201, api.post("/api/courses/kubernetes-fundamentals/enrollments", learner, null));
    expect(200, api.put("/api/learners/me/progress/kubernetes-fundamentals/lessons/l1", learner,
        new JsonObject().put("completed", true)));

    proxy.silence();
    List<Callable<HttpResponse<Buffer>>> requests = List.of(
        () -> api.get("/api/courses/kubernetes-fundamentals"),
        () -> api.post("/api/courses/java-for-beginners/enrollments", learner, null),
        () -> api.get("/api/learners/me/progress/kubernetes-fundamentals", learner));
    for (Callable<HttpResponse<Buffer>> request : requests) {
      long started = System.nanoTime();
      HttpResponse<Buffer> response = request.call();
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertEquals(503, response.statusCode(), response.bodyAsString());
      assertEquals(Problems.CONTENT_TYPE, response.getHeader("Content-Type"));
      assertTrue(millis < OUTAGE_ANSWER_MILLIS, "a 503 took " + millis + " ms");
    }
    proxy.cut();

    JsonObject progress = eventually200(() -> api.get("/api/learners/me/progress/kubernetes-fundamentals", learner));
    assertEquals(new JsonArray().add("l1"), progress.getJsonArray("completedLessonIds"), "an acknowledged write was lost");
    assertTrue(api.post("/api/courses/java-for-beginners/enrollments", learner, null).statusCode() / 100 == 2);
  }

  /** Repeats {@code request} until it answers 200, and returns that answer's body. */
  static JsonObject eventually200(Callable<HttpResponse<Buffer>> request) {
    AtomicReference<HttpResponse<Buffer>> last = new AtomicReference<>();
    Await.until("the service answers 200 again", () -> {
      last.set(request.call());
      return last.get().statusCode() == 200;
    }, () -> "last answer " + (last.get() == null ? "none" : last.get().statusCode() + " " + last.get().bodyAsString()));
    return last.get().bodyAsJsonObject();
  }
}
