package dev.vertxelastic.edu.catalog;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/** One lesson of a course, as the catalog shows it. */
public record Lesson(String id, String title, int durationMinutes) {

  public Lesson {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    if (durationMinutes <= 0) {
      throw new IllegalArgumentException("durationMinutes must be positive: " + durationMinutes);
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("title", title).put("durationMinutes", durationMinutes);
  }
}
