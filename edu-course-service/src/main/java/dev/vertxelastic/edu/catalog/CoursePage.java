package dev.vertxelastic.edu.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** One page of a catalog search and how many courses match in total. */
public record CoursePage(List<CourseSummary> items, int page, int size, long total) {

  public CoursePage {
    items = List.copyOf(items);
    if (page < 1 || size < 1 || total < 0 || items.size() > size) {
      throw new IllegalArgumentException("inconsistent page: page=" + page + " size=" + size + " items=" + items.size()
          + " total=" + total);
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("items", new JsonArray(items.stream().map(CourseSummary::toJson).toList()))
        .put("page", page)
        .put("size", size)
        .put("total", total);
  }
}
