package dev.vertxelastic.edu;

import dev.vertxelastic.platform.http.Problems;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.vertxelastic.edu.ApiClient.course;
import static dev.vertxelastic.edu.ApiClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Enrollments, progress and their metrics over real HTTP: idempotency under concurrency, the progress rules. */
abstract class LearningApiContract extends ServiceOnStore {

  @Test
  void fiftyConcurrentEnrollmentsOfOneLearnerMakeOneRow() throws Exception {
    String courseId = createCourse("ada", course("Concurrency Drill", 2)).getString("id");
    String token = api.learner("racer");
    double enrolledBefore = enrollmentsTotal();
    List<Future<HttpResponse<Buffer>>> requests = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      requests.add(api.send(HttpMethod.POST, "/api/courses/" + courseId + "/enrollments", token, null));
    }
    Await.result(Future.join(requests));
    List<Integer> statuses = requests.stream().map(r -> r.result().statusCode()).toList();
    assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
    assertEquals(49, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
    assertEquals(1, store.number("SELECT COUNT(*) FROM enrollments WHERE user_id = 'racer' AND course_id = ?", courseId));
    assertEquals(enrolledBefore + 1, enrollmentsTotal());
    JsonObject enrollment = requests.get(0).result().bodyAsJsonObject();
    assertEquals(courseId, enrollment.getString("courseId"));
    assertEquals("racer", enrollment.getString("userId"));
  }

  @Test
  void aWriteAfterATransactionOnTheSameConnectionIsCommitted() throws Exception {
    // One connection: the enrollment runs on the connection that just ran the course's transaction.
    ServiceRuntime<EduCourseVerticle> single = store.startService(Map.of("DB_POOL_SIZE", "1", "INSTANCE_ID", "edu-single"));
    try {
      ApiClient client = new ApiClient(vertx, single.verticle().actualPort());
      String courseId = expect(201, client.post("/api/courses", client.instructor("ada"), course("One Connection", 1)))
          .getString("id");
      expect(201, client.post("/api/courses/" + courseId + "/enrollments", client.learner("henry"), null));
      assertEquals(1, store.number("SELECT COUNT(*) FROM enrollments WHERE user_id = 'henry' AND course_id = ?", courseId),
          "the enrollment is not visible to another connection: it was never committed");
      client.close();
    } finally {
      Await.result(single.stop());
    }
  }

  @Test
  void enrollingNeedsATokenAndAKnownCourse() throws Exception {
    assertEquals(401, api.post("/api/courses/kubernetes-fundamentals/enrollments", null, null).statusCode());
    HttpResponse<Buffer> unknown = api.post("/api/courses/no-such-course/enrollments", api.learner("bob"), null);
    assertEquals(404, unknown.statusCode());
    assertEquals(Problems.CONTENT_TYPE, unknown.getHeader("Content-Type"));
    assertEquals(0, store.number("SELECT COUNT(*) FROM enrollments WHERE user_id = 'bob'"));
  }

  @Test
  void learnersSeeOnlyTheirOwnEnrollments() throws Exception {
    expect(201, api.post("/api/courses/kubernetes-fundamentals/enrollments", api.learner("carol"), null));
    expect(201, api.post("/api/courses/java-for-beginners/enrollments", api.learner("carol"), null));
    expect(201, api.post("/api/courses/java-for-beginners/enrollments", api.learner("dave"), null));
    JsonArray carols = expect(200, api.get("/api/learners/me/enrollments", api.learner("carol"))).getJsonArray("items");
    assertEquals(Set.of("kubernetes-fundamentals", "java-for-beginners"),
        carols.stream().map(e -> ((JsonObject) e).getString("courseId")).collect(Collectors.toSet()));
    JsonObject java = carols.stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("courseId").equals("java-for-beginners")).findFirst().orElseThrow();
    assertEquals("Java for Beginners", java.getString("title"));
    assertTrue(java.getInteger("lessonCount") > 0);
    assertFalse(java.getString("enrolledAt").isBlank());
    assertEquals(1, expect(200, api.get("/api/learners/me/enrollments", api.learner("dave"))).getJsonArray("items").size());
    assertEquals(0, expect(200, api.get("/api/learners/me/enrollments", api.learner("erin"))).getJsonArray("items").size());
    assertEquals(401, api.get("/api/learners/me/enrollments").statusCode());
  }

  @Test
  void progressNeedsAnEnrollmentAndAKnownLesson() throws Exception {
    String courseId = createCourse("ada", course("Progress Drill", 4)).getString("id");
    String base = "/api/learners/me/progress/" + courseId;
    String token = api.learner("frank");
    JsonObject done = new JsonObject().put("completed", true);

    assertEquals(409, api.put(base + "/lessons/l1", token, done).statusCode());
    assertEquals(404, api.get(base, token).statusCode());
    expect(201, api.post("/api/courses/" + courseId + "/enrollments", token, null));
    assertEquals(404, api.put(base + "/lessons/l9", token, done).statusCode());
    assertEquals(404, api.put("/api/learners/me/progress/no-such-course/lessons/l1", token, done).statusCode());
    assertEquals(Set.of("completed"), badFields(api.put(base + "/lessons/l1", token, new JsonObject().put("completed", "yes"))));
    assertEquals(401, api.put(base + "/lessons/l1", null, done).statusCode());

    expect(200, api.put(base + "/lessons/l3", token, done));
    expect(200, api.put(base + "/lessons/l1", token, done));
    JsonObject twice = expect(200, api.put(base + "/lessons/l1", token, done.copy().put("userId", "someone-else")));
    assertEquals(new JsonArray().add("l1").add("l3"), twice.getJsonArray("completedLessonIds"));
    assertEquals(50, twice.getInteger("percentage"));
    assertEquals(twice, expect(200, api.get(base, token)));
    assertEquals(0, store.number("SELECT COUNT(*) FROM lesson_progress WHERE user_id = 'someone-else'"));

    JsonObject reopened = expect(200, api.put(base + "/lessons/l3", token, new JsonObject().put("completed", false)));
    assertEquals(new JsonArray().add("l1"), reopened.getJsonArray("completedLessonIds"));
    assertEquals(25, reopened.getInteger("percentage"));
    assertEquals(4, reopened.getInteger("lessonCount"));
  }

  @Test
  void metricsCountNewEnrollmentsAndShowThePoolAndQueryLatency() throws Exception {
    double before = enrollmentsTotal();
    expect(201, api.post("/api/courses/aws-for-developers/enrollments", api.learner("gina"), null));
    expect(200, api.post("/api/courses/aws-for-developers/enrollments", api.learner("gina"), null));
    assertEquals(before + 1, enrollmentsTotal());
    String metrics = api.get("/metrics").bodyAsString();
    assertTrue(metrics.lines().anyMatch(line -> line.startsWith("vertx_pool_") && line.contains("pool_name=\"edu-db\"")
        && line.contains("pool_type=\"sql\"")), "no vertx_pool_* metric of the edu-db pool");
    assertTrue(metrics.lines().anyMatch(line -> line.startsWith("edu_db_query_seconds_count{")
        && line.contains("query=\"enrollment.insert\"")), "no edu_db_query_seconds for enrollment.insert");
  }

  double enrollmentsTotal() throws Exception {
    return api.get("/metrics").bodyAsString().lines()
        .filter(line -> line.startsWith("edu_enrollments_total"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst().orElse(0);
  }
}
