package dev.vertxelastic.edu.enrollment;

import dev.vertxelastic.edu.catalog.Level;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/** A learner's enrollment in a course, with what the learner's course list shows of the course. */
public record Enrollment(String userId, String courseId, String title, Level level, int lessonCount, Instant enrolledAt) {

  public Enrollment {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(courseId, "courseId");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(enrolledAt, "enrolledAt");
    if (lessonCount < 0) {
      throw new IllegalArgumentException("lessonCount must not be negative: " + lessonCount);
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("userId", userId)
        .put("courseId", courseId)
        .put("title", title)
        .put("level", level.code())
        .put("lessonCount", lessonCount)
        .put("enrolledAt", enrolledAt.toString());
  }
}
