package dev.vertxelastic.edu.catalog;

import dev.vertxelastic.edu.db.Database;
import dev.vertxelastic.edu.db.Sql;
import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The course catalog in the store: search, details, and the instructors' writes. Portable SQL
 * templates (H2 and PostgreSQL); a page costs three queries (count, page, the page's tags) whatever
 * its size. Indexes: see the migrations (V1, V3, V4).
 */
public final class CourseRepository {

  private static final String SUMMARY_COLUMNS = "SELECT c.id, c.title, c.summary, c.level,"
      + " (SELECT COUNT(*) FROM lessons l WHERE l.course_id = c.id) AS lesson_count FROM courses c";
  private static final String COURSE = "SELECT id, title, summary, level, owner_id FROM courses WHERE id = #{id}";
  private static final String TAGS_OF_COURSE = "SELECT tag FROM course_tags WHERE course_id = #{id} ORDER BY tag";
  private static final String LESSONS_OF_COURSE = "SELECT id, title, duration_minutes FROM lessons"
      + " WHERE course_id = #{id} ORDER BY position, id";
  private static final String INSERT_COURSE = "INSERT INTO courses (id, title, sort_title, summary, level, owner_id)"
      + " VALUES (#{id}, #{title}, #{sortTitle}, #{summary}, #{level}, #{owner})";
  private static final String UPDATE_COURSE = "UPDATE courses SET title = #{title}, sort_title = #{sortTitle}, summary = #{summary}, level = #{level},"
      + " updated_at = CURRENT_TIMESTAMP WHERE id = #{id} AND owner_id = #{owner}";
  private static final int MAX_SLUG = 48;

  private final Database db;

  public CourseRepository(Database db) {
    this.db = db;
  }

  /** The page of courses matching {@code query} in {@link CatalogOrder}, with the total number of matches. */
  public Future<CoursePage> search(CourseQuery query) {
    Map<String, Object> params = new HashMap<>();
    String where = where(query, params);
    Future<Long> total = db.query("catalog.count", "SELECT COUNT(*) FROM courses c" + where, params)
        .map(rows -> rows.iterator().next().getLong(0));
    Map<String, Object> pageParams = new HashMap<>(params);
    pageParams.put("limit", query.size());
    pageParams.put("offset", query.offset());
    Future<List<Row>> page = db.query("catalog.page", SUMMARY_COLUMNS + where
            + " ORDER BY c.sort_title, c.title, c.id LIMIT #{limit} OFFSET #{offset}", pageParams)
        .map(CourseRepository::list);
    return Future.all(total, page)
        .compose(done -> tagsOf(page.result()).map(tags -> new CoursePage(
            page.result().stream().map(row -> summary(row, tags)).toList(), query.page(), query.size(), total.result())));
  }

  /** The course with its tags and its lessons in teaching order, or empty when there is none. */
  public Future<Optional<CourseDetail>> find(String id) {
    Map<String, Object> params = Map.of("id", id);
    Future<RowSet<Row>> course = db.query("course.get", COURSE, params);
    Future<RowSet<Row>> tags = db.query("course.tags", TAGS_OF_COURSE, params);
    Future<RowSet<Row>> lessons = db.query("course.lessons", LESSONS_OF_COURSE, params);
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

  /** Stores a new course owned by {@code ownerId}, all or nothing, under a fresh id derived from its title. */
  public Future<CourseDetail> create(String ownerId, CourseDraft draft) {
    String id = newId(draft.title());
    return db.inTransaction(sql -> sql.query("course.insert", INSERT_COURSE, courseParams(id, ownerId, draft))
            .compose(inserted -> insertContent(sql, id, draft)))
        .map(done -> draft.toDetail(id, ownerId));
  }

  /**
   * Replaces title, summary, level, tags and lessons of course {@code id}, all or nothing; fails with
   * a 404 problem when there is no such course and a 403 problem when {@code ownerId} does not own it.
   */
  public Future<CourseDetail> update(String id, String ownerId, CourseDraft draft) {
    return db.inTransaction(sql -> sql.query("course.update", UPDATE_COURSE, courseParams(id, ownerId, draft))
            .compose(updated -> updated.rowCount() == 1 ? replaceContent(sql, id, draft) : whyNotUpdated(sql, id)))
        .map(done -> draft.toDetail(id, ownerId));
  }

  private static Map<String, Object> courseParams(String id, String ownerId, CourseDraft draft) {
    return Map.of("id", id, "title", draft.title(), "sortTitle", CatalogOrder.sortKey(draft.title()),
        "summary", draft.summary(), "level", draft.level().code(), "owner", ownerId);
  }

  private static Future<Void> whyNotUpdated(Sql sql, String id) {
    return sql.query("course.owner", "SELECT owner_id FROM courses WHERE id = #{id}", Map.of("id", id))
        .compose(rows -> Future.failedFuture(rows.size() == 0 ? Problem.notFound("No course '" + id + "'.")
            : Problem.forbidden("Only the instructor who owns course '" + id + "' may change it.")));
  }

  private static Future<Void> replaceContent(Sql sql, String id, CourseDraft draft) {
    Map<String, Object> params = Map.of("id", id);
    return sql.query("course.tags.delete", "DELETE FROM course_tags WHERE course_id = #{id}", params)
        .compose(deleted -> sql.query("course.lessons.delete", "DELETE FROM lessons WHERE course_id = #{id}", params))
        .compose(deleted -> insertContent(sql, id, draft));
  }

  /** Tags and lessons of a course, one multi-row INSERT each. */
  private static Future<Void> insertContent(Sql sql, String id, CourseDraft draft) {
    Map<String, Object> params = new HashMap<>(Map.of("id", id));
    List<String> tagRows = new ArrayList<>();
    for (int i = 0; i < draft.tags().size(); i++) {
      params.put("tag" + i, draft.tags().get(i));
      tagRows.add("(#{id}, #{tag" + i + "})");
    }
    List<String> lessonRows = new ArrayList<>();
    for (int i = 0; i < draft.lessons().size(); i++) {
      Lesson lesson = draft.lessons().get(i);
      params.put("lesson" + i, lesson.id());
      params.put("position" + i, i + 1);
      params.put("title" + i, lesson.title());
      params.put("minutes" + i, lesson.durationMinutes());
      lessonRows.add("(#{lesson" + i + "}, #{id}, #{position" + i + "}, #{title" + i + "}, #{minutes" + i + "})");
    }
    Future<?> tags = tagRows.isEmpty() ? Future.succeededFuture()
        : sql.query("course.tags.insert", "INSERT INTO course_tags (course_id, tag) VALUES " + String.join(", ", tagRows), params);
    return tags.compose(done -> sql.query("course.lessons.insert", "INSERT INTO lessons (id, course_id, position, title,"
        + " duration_minutes) VALUES " + String.join(", ", lessonRows), params)).mapEmpty();
  }

  /** A readable, unguessable id: the title as a slug plus 8 random characters, e.g. {@code intro-to-sql-k3x9q2ma}. */
  static String newId(String title) {
    String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.length() > MAX_SLUG) {
      slug = slug.substring(0, MAX_SLUG).replaceAll("-+$", "");
    }
    StringBuilder id = new StringBuilder(slug.isEmpty() ? "course" : slug).append('-');
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 8; i++) {
      id.append(Character.forDigit(random.nextInt(36), 36));
    }
    return id.toString();
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
    return db.query("catalog.page-tags", sql, params).map(tagRows -> {
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
