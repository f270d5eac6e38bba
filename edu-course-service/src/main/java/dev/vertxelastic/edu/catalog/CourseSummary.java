package dev.vertxelastic.edu.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Objects;

/** A course as listed in the catalog: no lessons, only how many there are. */
public record CourseSummary(String id, String title, String summary, List<String> tags, Level level, int lessonCount) {

  public CourseSummary {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(level, "level");
    tags = List.copyOf(tags);
    if (lessonCount < 0) {
      throw new IllegalArgumentException("lessonCount must not be negative: " + lessonCount);
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("title", title)
        .put("summary", summary)
        .put("tags", new JsonArray(tags))
        .put("level", level.code())
        .put("lessonCount", lessonCount);
  }
}
