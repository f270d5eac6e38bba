package dev.vertxelastic.edu.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Objects;

/** One course with its lessons in the order they are taught. */
public record CourseDetail(String id, String title, String summary, List<String> tags, Level level, String ownerId,
                           List<Lesson> lessons) {

  public CourseDetail {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(ownerId, "ownerId");
    tags = List.copyOf(tags);
    lessons = List.copyOf(lessons);
  }

  /** The catalog's view of this course. */
  public CourseSummary toSummary() {
    return new CourseSummary(id, title, summary, tags, level, lessons.size());
  }

  /** The summary's fields, plus the owner and the lessons. */
  public JsonObject toJson() {
    return toSummary().toJson()
        .put("ownerId", ownerId)
        .put("lessons", new JsonArray(lessons.stream().map(Lesson::toJson).toList()));
  }
}
