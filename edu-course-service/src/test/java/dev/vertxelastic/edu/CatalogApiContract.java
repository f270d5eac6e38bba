package dev.vertxelastic.edu;

import dev.vertxelastic.platform.auth.SignedTokens;
import dev.vertxelastic.platform.http.Problems;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static dev.vertxelastic.edu.ApiClient.course;
import static dev.vertxelastic.edu.ApiClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Catalog and authoring over real HTTP: create, validate, owner-only update, paging, search, the cache. */
abstract class CatalogApiContract extends ServiceOnStore {

  @Test
  void anInstructorCreatesACourseThatTheCatalogShowsAtOnce() throws Exception {
    String before = "/api/courses?q=Reactive%20Gardening";
    assertEquals(0, expect(200, api.get(before)).getLong("total"));
    HttpResponse<Buffer> created = api.post("/api/courses", api.instructor("ada"), course("Reactive Gardening", 3, "garden"));
    JsonObject course = expect(201, created);
    assertEquals("/api/courses/" + course.getString("id"), created.getHeader("Location"));
    assertTrue(course.getString("id").startsWith("reactive-gardening-"), course.getString("id"));
    assertEquals("ada", course.getString("ownerId"));
    assertEquals(course, expect(200, api.get(created.getHeader("Location"))));
    assertEquals(List.of("l1", "l2", "l3"), course.getJsonArray("lessons").stream()
        .map(l -> ((JsonObject) l).getString("id")).toList());
    assertEquals(List.of(course.getString("id")), ids(expect(200, api.get(before))));
  }

  @Test
  void everyInvalidFieldOfACourseIsListedInOneProblem() throws Exception {
    JsonObject bad = new JsonObject().put("title", "Go").put("summary", "x".repeat(2001)).put("level", "expert")
        .put("tags", new JsonArray(IntStream.range(0, 11).mapToObj(i -> "t" + i).toList()))
        .put("lessons", new JsonArray()
            .add(new JsonObject().put("title", "Zero").put("durationMinutes", 0))
            .add(new JsonObject().put("durationMinutes", 5))
            .add(new JsonObject().put("title", "Fraction").put("durationMinutes", 1.5))
            .add("not a lesson"));
    assertEquals(Set.of("title", "summary", "level", "tags", "lessons[0].durationMinutes", "lessons[1].title",
        "lessons[2].durationMinutes", "lessons[3]"), badFields(api.post("/api/courses", api.instructor("ada"), bad)));

    JsonObject noLessons = course("No Lessons", 0).put("tags", new JsonArray().add("Bad Tag").add("ok").add("ok"));
    assertEquals(Set.of("lessons", "tags[0]", "tags[2]"), badFields(api.post("/api/courses", api.instructor("ada"), noLessons)));
    assertEquals(Set.of("lessons"), badFields(api.post("/api/courses", api.instructor("ada"), course("Too Long", 51))));
    assertEquals(Set.of("title", "level", "lessons"), badFields(api.post("/api/courses", api.instructor("ada"), new JsonObject())));
    assertEquals(201, api.post("/api/courses", api.instructor("ada"), course("Fifty Lessons", 50)).statusCode());
  }

  @Test
  void authoringNeedsAnInstructorTokenAndAJsonObject() throws Exception {
    JsonObject body = course("Gatekeeping", 1);
    assertEquals(401, api.post("/api/courses", null, body).statusCode());
    assertEquals(401, api.post("/api/courses", "not-a-token", body).statusCode());
    // Signed with the real secret, but with claims of the wrong type.
    String never = SignedTokens.hs256(TestHttp.JWT_SECRET, SignedTokens.learnerClaims("eve").put("exp", "never"));
    HttpResponse<Buffer> badClaims = api.post("/api/courses", never, body);
    assertEquals(401, badClaims.statusCode(), badClaims.bodyAsString());
    assertEquals(Problems.CONTENT_TYPE, badClaims.getHeader("Content-Type"));
    HttpResponse<Buffer> learner = api.post("/api/courses", api.learner("bob"), body);
    assertEquals(403, learner.statusCode());
    assertEquals(Problems.CONTENT_TYPE, learner.getHeader("Content-Type"));
    String instructor = api.instructor("ada");
    assertEquals(415, api.raw(HttpMethod.POST, "/api/courses", instructor, "text/plain", body.encode()).statusCode());
    for (String malformed : List.of("[1, 2]", "{\"title\": ", "", "42")) {
      HttpResponse<Buffer> response = api.raw(HttpMethod.POST, "/api/courses", instructor, "application/json", malformed);
      assertEquals(400, response.statusCode(), malformed + " -> " + response.bodyAsString());
      assertEquals(Problems.CONTENT_TYPE, response.getHeader("Content-Type"), malformed);
    }
  }

  @Test
  void controlCharactersInTheSearchAre400NamingTheParameter() throws Exception {
    for (String q : List.of("%00", "%01", "%08", "%0E", "%1B", "abc%00def", "%7F")) {
      HttpResponse<Buffer> r = api.get("/api/courses?q=" + q);
      assertEquals(Set.of("q"), badFields(r), q);
    }
    assertEquals(Set.of("q", "tag"), badFields(api.get("/api/courses?q=%01&tag=%00&level=beginner")));
    assertEquals(400, api.get("/api/courses?q=%zz").statusCode());
    assertEquals(0, expect(200, api.get("/api/courses?q=%E2%9C%93%20no%20such%20course")).getLong("total"));
  }

  @Test
  void nulAndControlCharactersAndLoneSurrogatesInACourseAreRefusedAndNothingIsStored() throws Exception {
    String instructor = api.instructor("mallory");
    String body = "{\"title\":\"Null\\u0000Course\",\"summary\":\"two\\nlines\\u0007bell\",\"level\":\"beginner\","
        + "\"tags\":[\"\\ud800\"],\"lessons\":[{\"title\":\"Tab\\tbed\",\"durationMinutes\":5},"
        + "{\"title\":\"Lone \\udc00\",\"durationMinutes\":5}]}";
    assertEquals(Set.of("title", "summary", "tags[0]", "lessons[1].title"),
        badFields(api.raw(HttpMethod.POST, "/api/courses", instructor, "application/json", body)));
    JsonObject tabbed = course("Tab\tTitle", 1);
    assertEquals(Set.of("title"), badFields(api.post("/api/courses", instructor, tabbed)));
    JsonObject multiLine = course("Multi-line Summary", 1).put("summary", "First line.\nSecond line.");
    assertEquals("First line.\nSecond line.", createCourse("mallory", multiLine).getString("summary"));
    assertEquals(0, expect(200, api.get("/api/courses?q=Null")).getLong("total"));
  }

  @Test
  void aBodyThatIsNotStrictUtf8IsRefusedAndNothingIsStored() throws Exception {
    String instructor = api.instructor("mallory");
    byte[] valid = course("Overlong Dot Course", 1).encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String text = new String(valid, java.nio.charset.StandardCharsets.ISO_8859_1);
    int dot = text.indexOf("Dot");
    for (byte[] sequence : List.of(new byte[]{(byte) 0xc0, (byte) 0xae}, new byte[]{(byte) 0xed, (byte) 0xa0, (byte) 0x80},
        new byte[]{(byte) 0xff})) {
      Buffer body = Buffer.buffer().appendBytes(valid, 0, dot).appendBytes(sequence).appendBytes(valid, dot, valid.length - dot);
      HttpResponse<Buffer> r = api.raw(HttpMethod.POST, "/api/courses", instructor, "application/json", body);
      assertEquals(400, r.statusCode(), r.bodyAsString());
      assertEquals(Problems.CONTENT_TYPE, r.getHeader("Content-Type"));
    }
    assertEquals(0, expect(200, api.get("/api/courses?q=Overlong")).getLong("total"));
  }

  @Test
  void onlyTheOwnerMayUpdateACourse() throws Exception {
    JsonObject created = createCourse("owner-1", course("Owned Course", 2, "owned"));
    String path = "/api/courses/" + created.getString("id");
    JsonObject change = course("Owned Course, Second Edition", 4, "owned", "second").put("level", "advanced");

    HttpResponse<Buffer> stranger = api.put(path, api.instructor("owner-2"), change);
    assertEquals(403, stranger.statusCode(), stranger.bodyAsString());
    assertEquals(Problems.CONTENT_TYPE, stranger.getHeader("Content-Type"));
    assertEquals(created, expect(200, api.get(path)));

    assertEquals(404, api.put("/api/courses/no-such-course", api.instructor("owner-1"), change).statusCode());
    assertEquals(Set.of("title"), badFields(api.put(path, api.instructor("owner-1"), change.copy().put("title", "x"))));
    assertEquals(403, api.put(path, api.learner("owner-1"), change).statusCode());

    JsonObject updated = expect(200, api.put(path, api.instructor("owner-1"), change));
    assertEquals("Owned Course, Second Edition", updated.getString("title"));
    assertEquals(updated, expect(200, api.get(path)));
    assertEquals(4, updated.getInteger("lessonCount"));
    assertEquals("advanced", updated.getString("level"));
    assertEquals(new JsonArray().add("owned").add("second"), updated.getJsonArray("tags"));
    assertEquals("owner-1", updated.getString("ownerId"));
  }

  @Test
  void theOwnerComesFromTheTokenNeverFromTheBody() throws Exception {
    JsonObject created = createCourse("real-owner", course("Whose Course", 1).put("ownerId", "impostor"));
    assertEquals("real-owner", created.getString("ownerId"));
    assertEquals(1, store.number("SELECT COUNT(*) FROM courses WHERE id = ? AND owner_id = 'real-owner'", created.getString("id")));
  }

  @Test
  void pageSizeIsCappedAtOneHundredAndPagesStartAtOne() throws Exception {
    assertEquals(Set.of("size"), badFields(api.get("/api/courses?size=101")));
    assertEquals(Set.of("page"), badFields(api.get("/api/courses?page=-1")));
    assertEquals(Set.of("page"), badFields(api.get("/api/courses?page=0")));
    assertEquals(Set.of("page", "size"), badFields(api.get("/api/courses?page=-3&size=-5")));
    JsonObject all = expect(200, api.get("/api/courses?size=100"));
    long total = all.getLong("total");
    assertEquals(Math.min(total, 100), all.getJsonArray("items").size());
    Set<String> seen = new HashSet<>();
    int pages = (int) ((total + 9) / 10);
    for (int page = 1; page <= pages; page++) {
      seen.addAll(ids(expect(200, api.get("/api/courses?size=10&page=" + page))));
    }
    assertEquals(total, seen.size());
    JsonObject beyond = expect(200, api.get("/api/courses?size=10&page=" + (pages + 1)));
    assertEquals(0, beyond.getJsonArray("items").size());
    assertEquals(total, beyond.getLong("total"));
  }

  @Test
  void theCatalogIsOrderedByTitleRegardlessOfCaseAndAccents() throws Exception {
    for (String title : List.of("Zymurgy Basics", "AWS Order Test", "ecology Order Test", "Advanced Order Test", "École Order Test")) {
      createCourse("ada", course(title, 1, "ordering"));
    }
    JsonObject page = expect(200, api.get("/api/courses?tag=ordering&size=10"));
    assertEquals(List.of("Advanced Order Test", "AWS Order Test", "École Order Test", "ecology Order Test", "Zymurgy Basics"),
        page.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("title")).toList());
  }

  @Test
  void searchFindsCoursesByTextTagAndLevel() throws Exception {
    createCourse("ada", course("Quantum Knitting", 1, "knitting").put("summary", "Purl 100% of the qubits.").put("level", "beginner"));
    assertEquals(1, expect(200, api.get("/api/courses?q=qUaNtUm%20KNIT")).getLong("total"));
    assertEquals(1, expect(200, api.get("/api/courses?q=100%25%20of")).getLong("total"));
    assertEquals(0, expect(200, api.get("/api/courses?q=1_0")).getLong("total"));
    assertEquals(1, expect(200, api.get("/api/courses?tag=knitting&level=beginner")).getLong("total"));
    assertEquals(0, expect(200, api.get("/api/courses?tag=knitting&level=advanced")).getLong("total"));
    JsonObject kubernetes = expect(200, api.get("/api/courses?tag=kubernetes&size=100"));
    assertTrue(ids(kubernetes).contains("kubernetes-fundamentals"));
    assertTrue(kubernetes.getJsonArray("items").stream().allMatch(i -> ((JsonObject) i).getJsonArray("tags").contains("kubernetes")));
  }

  @Test
  void catalogReadsAreCachedUntilAnInstructorWritesOnThisInstance() throws Exception {
    String query = "/api/courses?tag=cache-probe";
    assertEquals(0, expect(200, api.get(query)).getLong("total"));
    store.execute("INSERT INTO courses (id, title, sort_title, summary, level, owner_id) VALUES ('cache-probe-a', 'Cache Probe A',"
            + " 'cache probe a', 'x', 'beginner', 'probe')",
        "INSERT INTO course_tags (course_id, tag) VALUES ('cache-probe-a', 'cache-probe')");
    assertEquals(0, expect(200, api.get(query)).getLong("total"), "the second read should come from the cache");
    createCourse("ada", course("Cache Probe B", 1, "cache-probe"));
    assertEquals(2, expect(200, api.get(query)).getLong("total"));
  }

  @Test
  void unknownOrMalformedIdsAre404Problems() throws Exception {
    for (String path : List.of("/api/courses/Bad_Id", "/api/courses/no-such-course")) {
      HttpResponse<Buffer> response = api.get(path);
      assertEquals(404, response.statusCode(), path);
      assertEquals(Problems.CONTENT_TYPE, response.getHeader("Content-Type"), path);
    }
    assertNotEquals(404, api.get("/api/courses/kubernetes-fundamentals").statusCode());
  }
}
