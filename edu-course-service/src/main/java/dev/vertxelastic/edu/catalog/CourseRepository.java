package dev.vertxelastic.edu.catalog;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.templates.SqlTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the course catalog. Portable SQL (H2 and PostgreSQL) with named parameters, over any
 * {@link Pool}: a page costs three queries (count, page, the page's tags), whatever its size.
 */
public final class CourseRepository {

  private static final String SUMMARY_COLUMNS = "SELECT c.id, c.title, c.summary, c.level,"
      + " (SELECT COUNT(*) FROM lessons l WHERE l.course_id = c.id) AS lesson_count FROM courses c";
  private static final String COURSE = "SELECT id, title, summary, level, owner_id FROM courses WHERE id = #{id}";
  private static final String TAGS_OF_COURSE = "SELECT tag FROM course_tags WHERE course_id = #{id} ORDER BY tag";
  private static final String LESSONS_OF_COURSE = "SELECT id, title, duration_minutes FROM lessons"
      + " WHERE course_id = #{id} ORDER BY position, id";

  private final Pool pool;

  public CourseRepository(Pool pool) {
    this.pool = pool;
  }

  /** The page of courses matching {@code query}, ordered by title then id, with the total number of matches. */
  public Future<CoursePage> search(CourseQuery query) {
    Map<String, Object> params = new HashMap<>();
    String where = where(query, params);
    Future<Long> total = SqlTemplate.forQuery(pool, "SELECT COUNT(*) FROM courses c" + where)
        .execute(params)
        .map(rows -> rows.iterator().next().getLong(0));
    Map<String, Object> pageParams = new HashMap<>(params);
    pageParams.put("limit", query.size());
    pageParams.put("offset", query.offset());
    Future<List<Row>> page = SqlTemplate.forQuery(pool, SUMMARY_COLUMNS + where
            + " ORDER BY c.title, c.id LIMIT #{limit} OFFSET #{offset}")
        .execute(pageParams)
        .map(CourseRepository::list);
    return Future.all(total, page)
        .compose(done -> tagsOf(page.result()).map(tags -> new CoursePage(
            page.result().stream().map(row -> summary(row, tags)).toList(), query.page(), query.size(), total.result())));
  }

  /** The course with its tags and its lessons in teaching order, or empty when there is none. */
  public Future<Optional<CourseDetail>> find(String id) {
    Map<String, Object> params = Map.of("id", id);
    Future<RowSet<Row>> course = SqlTemplate.forQuery(pool, COURSE).execute(params);
    Future<RowSet<Row>> tags = SqlTemplate.forQuery(pool, TAGS_OF_COURSE).execute(params);
    Future<RowSet<Row>> lessons = SqlTemplate.forQuery(pool, LESSONS_OF_COURSE).execute(params);
    return Future.all(course, tags, lessons).map(done -> {
      if (course.result().size() == 0) {
        return Optional.empty();
      }
      Row row = course.result().iterator().next();
      List<String> tagList = list(tags.result()).stream().map(r -> r.getString(0)).toList();
      List<Lesson> lessonList = list(lessons.result()).stream()
          .map(r -> new Lesson(r.getString(0), r.getString(1), r.getInteger(2)))
          .toList();
      return Optional.of(new CourseDetail(row.getString(0), row.getString(1), row.getString(2), tagList,
          level(row.getString(3)), row.getString(4), lessonList));
    });
  }

  private static String where(CourseQuery query, Map<String, Object> params) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    if (query.text() != null) {
      params.put("pattern", query.likePattern());
      where.append(" AND (LOWER(c.title) LIKE #{pattern} ESCAPE '!' OR LOWER(c.summary) LIKE #{pattern} ESCAPE '!')");
    }
    if (query.tag() != null) {
      params.put("tag", query.tag());
      where.append(" AND EXISTS (SELECT 1 FROM course_tags t WHERE t.course_id = c.id AND t.tag = #{tag})");
    }
    if (query.level() != null) {
      params.put("level", query.level().code());
      where.append(" AND c.level = #{level}");
    }
    return where.toString();
  }

  /** The tags of the courses in {@code rows}, in one query, keyed by course id. */
  private Future<Map<String, List<String>>> tagsOf(List<Row> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Map<String, Object> params = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      params.put("id" + i, rows.get(i).getString(0));
      names.add("#{id" + i + "}");
    }
    String sql = "SELECT course_id, tag FROM course_tags WHERE course_id IN (" + String.join(", ", names) + ")"
        + " ORDER BY course_id, tag";
    return SqlTemplate.forQuery(pool, sql).execute(params).map(tagRows -> {
      Map<String, List<String>> tags = new LinkedHashMap<>();
      for (Row row : tagRows) {
        tags.computeIfAbsent(row.getString(0), id -> new ArrayList<>()).add(row.getString(1));
      }
      return tags;
    });
  }

  private static CourseSummary summary(Row row, Map<String, List<String>> tags) {
    String id = row.getString(0);
    return new CourseSummary(id, row.getString(1), row.getString(2), tags.getOrDefault(id, List.of()),
        level(row.getString(3)), Math.toIntExact(row.getLong(4)));
  }

  private static Level level(String code) {
    return Level.fromCode(code).orElseThrow(() -> new IllegalStateException("unknown course level in the database: " + code));
  }

  private static List<Row> list(RowSet<Row> rows) {
    List<Row> list = new ArrayList<>(rows.size());
    rows.forEach(list::add);
    return list;
  }
}
