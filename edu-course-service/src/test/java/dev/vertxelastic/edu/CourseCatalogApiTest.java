package dev.vertxelastic.edu;

import dev.vertxelastic.platform.http.Problems;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
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

import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The course catalog over real HTTP, on the seeded schema of a fresh in-memory H2. */
@ExtendWith(VertxExtension.class)
class CourseCatalogApiTest {

  static final String PROBE = "lesson-order-probe";
  static String dbUrl;
  static ServiceRuntime<EduCourseVerticle> runtime;
  static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    dbUrl = TestHttp.freshDatabaseUrl();
    runtime = TestHttp.start(dbUrl);
    // Lessons and tags inserted out of order, so only an explicit ORDER BY yields the expected order.
    TestHttp.execute(dbUrl,
        "INSERT INTO courses (id, title, sort_title, summary, level, owner_id) VALUES ('" + PROBE + "', 'Lesson Order Probe',"
            + " 'lesson order probe', 'A test course: 100% about ordering.', 'advanced', 'probe-owner')",
        "INSERT INTO course_tags (course_id, tag) VALUES ('" + PROBE + "', 'zz-probe'), ('" + PROBE + "', 'aa-probe')",
        "INSERT INTO lessons (id, course_id, position, title, duration_minutes) VALUES"
            + " ('third', '" + PROBE + "', 3, 'Third', 30), ('first', '" + PROBE + "', 1, 'First', 10),"
            + " ('second', '" + PROBE + "', 2, 'Second', 20)");
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(runtime.stop());
  }

  static HttpResponse<Buffer> get(String path) throws Exception {
    return TestHttp.get(client, runtime.verticle().actualPort(), path);
  }

  static JsonObject ok(String path) throws Exception {
    HttpResponse<Buffer> response = get(path);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  static List<JsonObject> items(JsonObject page) {
    JsonArray items = page.getJsonArray("items");
    return items.stream().map(JsonObject.class::cast).toList();
  }

  static List<String> ids(JsonObject page) {
    return items(page).stream().map(item -> item.getString("id")).toList();
  }

  @Test
  void theCatalogIsGzippedForAClientThatAcceptsItAndPlainForOneThatDoesNot() throws Exception {
    HttpResponse<Buffer> plain = get("/api/courses");
    assertEquals(200, plain.statusCode());
    assertNull(plain.getHeader("Content-Encoding"));
    HttpResponse<Buffer> gzipped = Await.result(client.get(runtime.verticle().actualPort(), "127.0.0.1", "/api/courses")
        .putHeader("Accept-Encoding", "gzip").send());
    assertEquals(200, gzipped.statusCode());
    assertEquals("gzip", gzipped.getHeader("Content-Encoding"));
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body().getBytes()))) {
      assertEquals(plain.bodyAsJsonObject(), new JsonObject(Buffer.buffer(in.readAllBytes())));
    }
    assertTrue(gzipped.body().length() < plain.body().length(), gzipped.body().length() + " bytes gzipped, " + plain.body().length() + " plain");
  }

  @Test
  void pagesAreFullDisjointAndCarryTheTotal() throws Exception {
    JsonObject first = ok("/api/courses?page=1&size=5");
    JsonObject second = ok("/api/courses?page=2&size=5");
    assertEquals(2, second.getInteger("page"));
    assertEquals(5, second.getInteger("size"));
    assertTrue(second.getLong("total") >= 40, "total " + second.getLong("total"));
    assertEquals(5, new HashSet<>(ids(second)).size(), second.encode());
    Set<String> both = new HashSet<>(ids(first));
    both.addAll(ids(second));
    assertEquals(10, both.size(), "pages overlap: " + ids(first) + " " + ids(second));
  }

  @Test
  void listingIsOrderedByTitleRegardlessOfCaseAndDefaultsToPageOneOfTwenty() throws Exception {
    JsonObject page = ok("/api/courses");
    assertEquals(1, page.getInteger("page"));
    assertEquals(20, page.getInteger("size"));
    List<String> titles = items(page).stream().map(item -> item.getString("title")).toList();
    assertEquals(20, titles.size());
    assertEquals(titles.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList(), titles);
    assertTrue(titles.indexOf("Advanced Japanese Kanji and Reading") < titles.indexOf("AWS for Developers"), titles.toString());
  }

  @Test
  void searchMatchesTitleOrSummaryIgnoringCase() throws Exception {
    assertTrue(ids(ok("/api/courses?q=kubernetes&size=100")).contains("kubernetes-fundamentals"));
    assertTrue(ids(ok("/api/courses?q=KuBeRnEtEs%20FUNDAMENTALS")).contains("kubernetes-fundamentals"));
    // Only in the summary of the probe course.
    assertEquals(List.of(PROBE), ids(ok("/api/courses?q=about%20ordering")));
  }

  @Test
  void searchTreatsLikeWildcardsAsPlainCharacters() throws Exception {
    JsonObject percent = ok("/api/courses?q=%25&size=100");
    assertTrue(ids(percent).contains(PROBE));
    assertTrue(items(percent).stream().allMatch(item -> (item.getString("title") + item.getString("summary")).contains("%")),
        "a % search matched courses without %: " + ids(percent));
    JsonObject underscore = ok("/api/courses?q=e_s&size=100");
    assertTrue(items(underscore).stream().allMatch(item -> (item.getString("title") + item.getString("summary"))
        .toLowerCase(Locale.ROOT).contains("e_s")), "_ acted as a wildcard: " + ids(underscore));
  }

  @Test
  void tagAndLevelFilterAndCombine() throws Exception {
    List<JsonObject> tagged = items(ok("/api/courses?tag=kubernetes&size=100"));
    assertTrue(tagged.stream().anyMatch(item -> item.getString("id").equals("kubernetes-fundamentals")));
    assertTrue(tagged.stream().allMatch(item -> item.getJsonArray("tags").contains("kubernetes")), tagged.toString());

    JsonObject beginners = ok("/api/courses?level=beginner&size=100");
    assertTrue(beginners.getLong("total") > 0);
    assertTrue(items(beginners).stream().allMatch(item -> item.getString("level").equals("beginner")));
    assertTrue(beginners.getLong("total") < ok("/api/courses").getLong("total"));

    List<JsonObject> both = items(ok("/api/courses?tag=kubernetes&level=advanced&size=100"));
    assertFalse(both.isEmpty());
    assertTrue(both.stream().allMatch(item -> item.getString("level").equals("advanced")
        && item.getJsonArray("tags").contains("kubernetes")), both.toString());
    assertTrue(both.size() < tagged.size());
  }

  @Test
  void listItemsCarrySortedTagsAndTheLessonCount() throws Exception {
    JsonObject item = items(ok("/api/courses?tag=zz-probe")).get(0);
    assertEquals(Set.of("id", "title", "summary", "tags", "level", "lessonCount"), item.fieldNames());
    assertEquals(PROBE, item.getString("id"));
    assertEquals(new JsonArray(List.of("aa-probe", "zz-probe")), item.getJsonArray("tags"));
    assertEquals("advanced", item.getString("level"));
    assertEquals(3, item.getInteger("lessonCount"));
  }

  @Test
  void everyInvalidParameterIsListedInOneProblem() throws Exception {
    HttpResponse<Buffer> response = get("/api/courses?size=0&level=expert&page=x");
    assertEquals(400, response.statusCode());
    assertEquals(Problems.CONTENT_TYPE, response.getHeader("Content-Type"));
    JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors");
    Set<String> fields = errors.stream().map(e -> ((JsonObject) e).getString("field")).collect(Collectors.toSet());
    assertEquals(Set.of("size", "level", "page"), fields, errors.encode());
    assertEquals(3, errors.size());

    HttpResponse<Buffer> tooLong = get("/api/courses?size=101&q=" + "x".repeat(101) + "&tag=Not%20A%20Tag");
    assertEquals(400, tooLong.statusCode());
    assertEquals(3, tooLong.bodyAsJsonObject().getJsonArray("errors").size(), tooLong.bodyAsString());
  }

  @Test
  void courseDetailListsLessonsInPositionOrder() throws Exception {
    JsonObject course = ok("/api/courses/" + PROBE);
    assertEquals("Lesson Order Probe", course.getString("title"));
    assertEquals("A test course: 100% about ordering.", course.getString("summary"));
    assertEquals("advanced", course.getString("level"));
    assertEquals("probe-owner", course.getString("ownerId"));
    assertEquals(new JsonArray(List.of("aa-probe", "zz-probe")), course.getJsonArray("tags"));
    assertEquals(new JsonArray()
            .add(new JsonObject().put("id", "first").put("title", "First").put("durationMinutes", 10))
            .add(new JsonObject().put("id", "second").put("title", "Second").put("durationMinutes", 20))
            .add(new JsonObject().put("id", "third").put("title", "Third").put("durationMinutes", 30)),
        course.getJsonArray("lessons"));
  }

  @Test
  void seededCourseDetailHasItsLessons() throws Exception {
    JsonObject course = ok("/api/courses/kubernetes-fundamentals");
    assertTrue(course.getJsonArray("tags").contains("kubernetes"));
    assertTrue(course.getJsonArray("lessons").size() >= 3, course.encode());
    assertEquals("l1", course.getJsonArray("lessons").getJsonObject(0).getString("id"));
  }

  @Test
  void anUnknownOrMalformedCourseIdIsA404Problem() throws Exception {
    for (String path : List.of("/api/courses/no-such-course", "/api/courses/Bad_Id%21", "/api/courses/" + "a".repeat(65))) {
      HttpResponse<Buffer> response = get(path);
      assertEquals(404, response.statusCode(), path);
      assertEquals(Problems.CONTENT_TYPE, response.getHeader("Content-Type"), path);
      assertEquals(404, response.bodyAsJsonObject().getInteger("status"), path);
    }
  }

  @Test
  void isReadyAndCountsRequestsPerRoute() throws Exception {
    assertEquals(200, get("/health/ready").statusCode());
    ok("/api/courses/kubernetes-fundamentals");
    String metrics = get("/metrics").bodyAsString();
    assertTrue(metrics.lines().anyMatch(line -> line.startsWith("vertx_http_server_requests_total{")
        && line.contains("route=\"/api/courses/:id\"")), "no vertx_http_server_requests_total with the route label");
  }
}
