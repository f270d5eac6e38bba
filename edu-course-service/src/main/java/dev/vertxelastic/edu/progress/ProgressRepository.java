package dev.vertxelastic.edu.progress;

import dev.vertxelastic.edu.db.Database;
import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lesson progress in the store: one row per completed lesson. Only enrolled learners have progress;
 * lessons an instructor has since removed no longer count.
 */
public final class ProgressRepository {

  /** One row: the course if it exists, whether the learner is enrolled, the lesson if it exists, the lesson count. */
  private static final String STANDING = "SELECT c.id, e.user_id, l.id,"
      + " (SELECT COUNT(*) FROM lessons a WHERE a.course_id = c.id) AS lesson_count"
      + " FROM courses c"
      + " LEFT JOIN enrollments e ON e.course_id = c.id AND e.user_id = #{user}"
      + " LEFT JOIN lessons l ON l.course_id = c.id AND l.id = #{lesson}"
      + " WHERE c.id = #{course}";
  private static final String COMPLETED = "SELECT l.id FROM lesson_progress p"
      + " JOIN lessons l ON l.course_id = p.course_id AND l.id = p.lesson_id"
      + " WHERE p.user_id = #{user} AND p.course_id = #{course} ORDER BY l.position, l.id";

  private final Database db;

  public ProgressRepository(Database db) {
    this.db = db;
  }

  /**
   * Marks a lesson completed (idempotent) or not completed, then answers the course's progress. A 404
   * problem for an unknown course or lesson, a 409 problem when the learner is not enrolled.
   */
  public Future<Progress> mark(String userId, String courseId, String lessonId, boolean completed) {
    Map<String, Object> key = Map.of("user_id", userId, "course_id", courseId, "lesson_id", lessonId);
    return standing(userId, courseId, lessonId)
        .compose(row -> {
          if (row.getString(2) == null) {
            return Future.failedFuture(Problem.notFound("Course '" + courseId + "' has no lesson '" + lessonId + "'."));
          }
          if (row.getString(1) == null) {
            return Future.failedFuture(Problem.conflict("Enroll in course '" + courseId + "' before recording progress."));
          }
          return completed ? db.insertIfAbsent("progress.complete", "lesson_progress", key).mapEmpty()
              : db.query("progress.reopen", "DELETE FROM lesson_progress WHERE user_id = #{user_id}"
                  + " AND course_id = #{course_id} AND lesson_id = #{lesson_id}", key).mapEmpty();
        })
        .compose(done -> progress(userId, courseId));
  }

  /** The learner's progress in the course; a 404 problem for an unknown course or when not enrolled. */
  public Future<Progress> progress(String userId, String courseId) {
    return standing(userId, courseId, "")
        .compose(row -> row.getString(1) == null
            ? Future.failedFuture(Problem.notFound("You are not enrolled in course '" + courseId + "'."))
            : db.query("progress.completed", COMPLETED, Map.of("user", userId, "course", courseId))
                .map(rows -> {
                  List<String> done = new ArrayList<>(rows.size());
                  rows.forEach(r -> done.add(r.getString(0)));
                  return new Progress(courseId, done, Math.toIntExact(row.getLong(3)));
                }));
  }

  /** The standing row, or a 404 problem when the course does not exist. */
  private Future<Row> standing(String userId, String courseId, String lessonId) {
    return db.query("progress.standing", STANDING, Map.of("user", userId, "course", courseId, "lesson", lessonId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(Problem.notFound("No course '" + courseId + "'."))
            : Future.succeededFuture(rows.iterator().next()));
  }
}
