package dev.vertxelastic.edu.catalog;

import dev.vertxelastic.edu.http.Requests;
import dev.vertxelastic.platform.http.InputText;
import dev.vertxelastic.platform.http.Problem;
import dev.vertxelastic.platform.http.Problem.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A course as an instructor writes it ({@code POST /api/courses}, {@code PUT /api/courses/{id}}):
 * title 3-120 characters, summary up to 2,000, up to 10 distinct tags, a level, and 1-50 lessons
 * with positive durations. Lesson ids are optional and default to {@code l1, l2, ...} by position.
 */
public record CourseDraft(String title, String summary, List<String> tags, Level level, List<Lesson> lessons) {

  public static final int MIN_TITLE = 3;
  public static final int MAX_TITLE = 120;
  public static final int MAX_SUMMARY = 2000;
  public static final int MAX_TAGS = 10;
  public static final int MAX_LESSONS = 50;
  public static final int MAX_LESSON_TITLE = 160;

  public CourseDraft {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(level, "level");
    tags = List.copyOf(tags);
    lessons = List.copyOf(lessons);
    if (title.length() < MIN_TITLE || title.length() > MAX_TITLE || summary.length() > MAX_SUMMARY
        || tags.size() > MAX_TAGS || Set.copyOf(tags).size() != tags.size()
        || lessons.isEmpty() || lessons.size() > MAX_LESSONS
        || lessons.stream().map(Lesson::id).distinct().count() != lessons.size()) {
      throw new IllegalArgumentException("invalid course draft: " + title);
    }
  }

  /** Reads a draft from a request body; fails with one 400 problem listing every bad field. */
  public static CourseDraft parse(JsonObject body) {
    List<FieldError> errors = new ArrayList<>();
    String title = text(body.getValue("title"), "title", MIN_TITLE, MAX_TITLE, errors);
    String summary = summary(body.getValue("summary"), errors);
    List<String> tags = tags(body.getValue("tags"), errors);
    Object levelValue = body.getValue("level");
    Level level = levelValue instanceof String code ? Level.fromCode(code).orElse(null) : null;
    if (level == null) {
      errors.add(new FieldError("level", "is required and must be one of " + Level.CHOICES));
    }
    List<Lesson> lessons = lessons(body.getValue("lessons"), errors);
    if (!errors.isEmpty()) {
      throw Problem.invalid(errors);
    }
    return new CourseDraft(title, summary == null ? "" : summary, tags, level, lessons);
  }

  /** The course this draft describes once stored under {@code id} for {@code ownerId}. */
  public CourseDetail toDetail(String id, String ownerId) {
    return new CourseDetail(id, title, summary, tags.stream().sorted().toList(), level, ownerId, lessons);
  }

  /** The summary: optional, and the one text that may have line breaks. */
  private static String summary(Object value, List<FieldError> errors) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.trim().length() > MAX_SUMMARY) {
      errors.add(new FieldError("summary", "must be text of at most " + MAX_SUMMARY + " characters"));
      return null;
    }
    String flaw = InputText.flaw(s, true);
    if (flaw != null) {
      errors.add(new FieldError("summary", flaw));
      return null;
    }
    return s.trim();
  }

  /** A required one-line text of {@code min}-{@code max} characters. */
  private static String text(Object value, String field, int min, int max, List<FieldError> errors) {
    if (!(value instanceof String s) || s.trim().length() < min || s.trim().length() > max) {
      errors.add(new FieldError(field, "is required and must be " + min + "-" + max + " characters"));
      return null;
    }
    String flaw = InputText.flaw(s, false);
    if (flaw != null) {
      errors.add(new FieldError(field, flaw));
      return null;
    }
    return s.trim();
  }

  private static List<String> tags(Object value, List<FieldError> errors) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > MAX_TAGS) {
      errors.add(new FieldError("tags", "must be a list of at most " + MAX_TAGS + " tags"));
      return List.of();
    }
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object tag = array.getValue(i);
      if (!(tag instanceof String s) || !CourseQuery.TAG.matcher(s).matches()) {
        errors.add(new FieldError("tags[" + i + "]", "must be 1-32 lower-case letters, digits or '-'"));
      } else if (tags.contains(s)) {
        errors.add(new FieldError("tags[" + i + "]", "repeats the tag '" + s + "'"));
      } else {
        tags.add(s);
      }
    }
    return tags;
  }

  private static List<Lesson> lessons(Object value, List<FieldError> errors) {
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_LESSONS) {
      errors.add(new FieldError("lessons", "is required and must list 1-" + MAX_LESSONS + " lessons"));
      if (!(value instanceof JsonArray)) {
        return List.of();
      }
    }
    JsonArray array = (JsonArray) value;
    List<Lesson> lessons = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "lessons[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject lesson)) {
        errors.add(new FieldError(at, "must be an object with title and durationMinutes"));
        continue;
      }
      String id = lessonId(lesson.getValue("id"), i, at, errors);
      String title = text(lesson.getValue("title"), at + ".title", 1, MAX_LESSON_TITLE, errors);
      Object minutes = lesson.getValue("durationMinutes");
      boolean wholeMinutes = (minutes instanceof Integer || minutes instanceof Long) && ((Number) minutes).longValue() > 0
          && ((Number) minutes).longValue() <= Integer.MAX_VALUE;
      if (!wholeMinutes) {
        errors.add(new FieldError(at + ".durationMinutes", "is required and must be a positive whole number of minutes"));
      }
      if (id != null && !ids.add(id)) {
        errors.add(new FieldError(at + ".id", "repeats the lesson id '" + id + "'"));
      } else if (id != null && title != null && wholeMinutes) {
        lessons.add(new Lesson(id, title, ((Number) minutes).intValue()));
      }
    }
    return lessons;
  }

  private static String lessonId(Object value, int index, String at, List<FieldError> errors) {
    if (value == null) {
      return "l" + (index + 1);
    }
    if (!(value instanceof String id) || !Requests.ID.matcher(id).matches()) {
      errors.add(new FieldError(at + ".id", "must be 1-64 lower-case letters, digits or '-'"));
      return null;
    }
    return id;
  }
}
