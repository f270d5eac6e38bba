package dev.vertxelastic.edu.catalog;

import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading and checking a course as an instructor writes it, without HTTP. */
class CourseDraftTest {

  static JsonObject lesson(Object title, Object minutes) {
    return new JsonObject().put("title", title).put("durationMinutes", minutes);
  }

  static JsonObject valid() {
    return new JsonObject().put("title", "  Vert.x in Action  ").put("level", "advanced")
        .put("tags", new JsonArray().add("vertx").add("java"))
        .put("lessons", new JsonArray().add(lesson("Event loops", 15)).add(lesson("Futures", 20).put("id", "futures")));
  }

  static List<String> badFields(JsonObject body) {
    Problem problem = assertThrows(Problem.class, () -> CourseDraft.parse(body));
    assertEquals(400, problem.status());
    return problem.errors().stream().map(Problem.FieldError::field).toList();
  }

  @Test
  void aValidDraftIsTrimmedAndItsLessonsGetPositionalIdsUnlessGiven() {
    CourseDraft draft = CourseDraft.parse(valid());
    assertEquals("Vert.x in Action", draft.title());
    assertEquals("", draft.summary());
    assertEquals(Level.ADVANCED, draft.level());
    assertEquals(List.of(new Lesson("l1", "Event loops", 15), new Lesson("futures", "Futures", 20)), draft.lessons());
    CourseDetail detail = draft.toDetail("vertx-in-action-abc", "ada");
    assertEquals(List.of("java", "vertx"), detail.tags());
    assertEquals("ada", detail.ownerId());
  }

  @Test
  void theBoundsOfTheIssueAreAcceptedAndOneBeyondIsNot() {
    JsonArray fifty = new JsonArray();
    for (int i = 0; i < 50; i++) {
      fifty.add(lesson("L" + i, 1));
    }
    JsonArray tenTags = new JsonArray();
    for (int i = 0; i < 10; i++) {
      tenTags.add("t" + i);
    }
    CourseDraft longest = CourseDraft.parse(valid().put("title", "x".repeat(120)).put("summary", "s".repeat(2000))
        .put("tags", tenTags).put("lessons", fifty));
    assertEquals(50, longest.lessons().size());
    assertEquals(3, CourseDraft.parse(valid().put("title", "abc")).title().length());

    assertEquals(List.of("title"), badFields(valid().put("title", "x".repeat(121))));
    assertEquals(List.of("title"), badFields(valid().put("title", " ab ")));
    assertEquals(List.of("summary"), badFields(valid().put("summary", "s".repeat(2001))));
    assertEquals(List.of("tags"), badFields(valid().put("tags", tenTags.copy().add("t10"))));
    assertEquals(List.of("lessons"), badFields(valid().put("lessons", fifty.copy().add(lesson("L50", 1)))));
    assertEquals(List.of("lessons"), badFields(valid().put("lessons", new JsonArray())));
  }

  @Test
  void everyBadFieldIsReportedAtOnce() {
    JsonObject body = new JsonObject().put("title", 42).put("summary", List.of()).put("level", "Beginner")
        .put("tags", new JsonArray().add("ok").add("ok").add(7))
        .put("lessons", new JsonArray()
            .add(lesson("", -1))
            .add(lesson("Fine", "10"))
            .add(lesson("Same id", 5).put("id", "l1"))
            .add(lesson("Bad id", 5).put("id", "Bad Id")));
    assertEquals(List.of("title", "summary", "tags[1]", "tags[2]", "level", "lessons[0].title", "lessons[0].durationMinutes",
        "lessons[1].durationMinutes", "lessons[2].id", "lessons[3].id"), badFields(body));
  }

  @Test
  void durationsMustBeWholePositiveMinutesThatFitTheColumn() {
    for (Object minutes : new Object[] {0, -5, 2.5, 3_000_000_000L, "5", null, true}) {
      JsonObject body = valid().put("lessons", new JsonArray().add(lesson("Only", minutes)));
      assertEquals(List.of("lessons[0].durationMinutes"), badFields(body), String.valueOf(minutes));
    }
  }

  @Test
  void newIdsAreReadableSlugsWithARandomSuffix() {
    String id = CourseRepository.newId("Vert.x: Reactive & Fast!");
    assertTrue(id.matches("vert-x-reactive-fast-[a-z0-9]{8}"), id);
    assertTrue(CourseRepository.newId("???").matches("course-[a-z0-9]{8}"));
    assertTrue(CourseRepository.newId("a".repeat(120)).length() <= 64);
  }
}
