package dev.vertxelastic.edu.enrollment;

import dev.vertxelastic.edu.catalog.Level;
import dev.vertxelastic.edu.db.Database;
import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Enrollments in the store. Enrolling is idempotent, also under concurrent requests: the row's
 * primary key (user_id, course_id) admits one row, and an insert-unless-present tells the first
 * request from the others.
 */
public final class EnrollmentRepository {

  /** The outcome of an enrollment request: the enrollment, and whether this request created it. */
  public record Enrolled(Enrollment enrollment, boolean created) {
  }

  private static final String COLUMNS = "SELECT e.user_id, e.course_id, c.title, c.level,"
      + " (SELECT COUNT(*) FROM lessons l WHERE l.course_id = c.id) AS lesson_count, e.enrolled_at"
      + " FROM enrollments e JOIN courses c ON c.id = e.course_id";

  private final Database db;

  public EnrollmentRepository(Database db) {
    this.db = db;
  }

  /** Enrolls {@code userId} in {@code courseId} unless already enrolled; a 404 problem for an unknown course. */
  public Future<Enrolled> enroll(String userId, String courseId) {
    Map<String, Object> params = Map.of("user_id", userId, "course_id", courseId);
    return db.query("course.exists", "SELECT 1 FROM courses WHERE id = #{course_id}", params)
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(Problem.notFound("No course '" + courseId + "'."))
            : db.insertIfAbsent("enrollment.insert", "enrollments", params))
        .compose(created -> find(userId, courseId).map(enrollment -> new Enrolled(enrollment, created)));
  }

  /** The enrollments of {@code userId}, most recent first. */
  public Future<List<Enrollment>> of(String userId) {
    return db.query("enrollment.list", COLUMNS + " WHERE e.user_id = #{user} ORDER BY e.enrolled_at DESC, e.course_id",
            Map.of("user", userId))
        .map(rows -> {
          List<Enrollment> list = new ArrayList<>(rows.size());
          rows.forEach(row -> list.add(enrollment(row)));
          return list;
        });
  }

  private Future<Enrollment> find(String userId, String courseId) {
    return db.query("enrollment.get", COLUMNS + " WHERE e.user_id = #{user} AND e.course_id = #{course}",
            Map.of("user", userId, "course", courseId))
        .map(rows -> enrollment(rows.iterator().next()));
  }

  private static Enrollment enrollment(Row row) {
    Level level = Level.fromCode(row.getString(3))
        .orElseThrow(() -> new IllegalStateException("unknown course level in the database: " + row.getString(3)));
    return new Enrollment(row.getString(0), row.getString(1), row.getString(2), level,
        Math.toIntExact(row.getLong(4)), row.getOffsetDateTime(5).toInstant());
  }
}
