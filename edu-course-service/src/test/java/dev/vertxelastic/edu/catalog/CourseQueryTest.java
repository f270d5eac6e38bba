package dev.vertxelastic.edu.catalog;

import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Parsing and checking catalog search parameters, without HTTP. */
class CourseQueryTest {

  static MultiMap params(String... pairs) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      map.add(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  static List<String> badFields(MultiMap params) {
    Problem problem = assertThrows(Problem.class, () -> CourseQuery.parse(params));
    assertEquals(400, problem.status());
    return problem.errors().stream().map(Problem.FieldError::field).toList();
  }

  @Test
  void emptyValuesMeanNotGivenAndDefaultsApply() {
    CourseQuery query = CourseQuery.parse(params("q", " ", "tag", "", "level", "", "page", "", "size", ""));
    assertEquals(CourseQuery.all(), query);
    assertEquals(0, query.offset());
  }

  @Test
  void validValuesAreKeptAndTheOffsetFollowsThePage() {
    CourseQuery query = CourseQuery.parse(params("q", "  Vert.x ", "tag", "java", "level", "advanced", "page", "3", "size", "7"));
    assertEquals(new CourseQuery("Vert.x", "java", Level.ADVANCED, 3, 7), query);
    assertEquals(14, query.offset());
  }

  @Test
  void likeWildcardsAndTheEscapeCharacterAreEscaped() {
    assertEquals("%100!% sure!_really!!%", new CourseQuery("100% Sure_Really!", null, null, 1, 20).likePattern());
  }

  @Test
  void everyBadFieldIsReportedAtOnce() {
    assertEquals(List.of("q", "tag", "level", "page", "size"),
        badFields(params("q", "x".repeat(101), "tag", "Java!", "level", "Beginner", "page", "0", "size", "101")));
    assertEquals(List.of("page", "size"), badFields(params("page", "2147483648", "size", "-1")));
  }

  @Test
  void aParameterGivenTwiceIsRejected() {
    assertEquals(List.of("level"), badFields(params("level", "beginner", "level", "advanced")));
  }

  @Test
  void aMissingFilterIsNull() {
    CourseQuery query = CourseQuery.parse(params("size", "100"));
    assertNull(query.text());
    assertNull(query.tag());
    assertNull(query.level());
    assertEquals(100, query.size());
  }
}
