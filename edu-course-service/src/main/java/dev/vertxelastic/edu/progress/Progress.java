package dev.vertxelastic.edu.progress;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Objects;

/** How far a learner is in one course: the completed lessons (in teaching order) out of all its lessons. */
public record Progress(String courseId, List<String> completedLessonIds, int lessonCount) {

  public Progress {
    Objects.requireNonNull(courseId, "courseId");
    completedLessonIds = List.copyOf(completedLessonIds);
    if (lessonCount < 0 || completedLessonIds.size() > lessonCount) {
      throw new IllegalArgumentException("inconsistent progress: " + completedLessonIds.size() + " of " + lessonCount);
    }
  }

  /** Whole percent completed, rounded down: 100 only when every lesson is done. */
  public int percentage() {
    return lessonCount == 0 ? 0 : completedLessonIds.size() * 100 / lessonCount;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("courseId", courseId)
        .put("completedLessonIds", new JsonArray(completedLessonIds))
        .put("completedLessons", completedLessonIds.size())
        .put("lessonCount", lessonCount)
        .put("percentage", percentage());
  }
}
