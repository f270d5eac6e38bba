package dev.vertxelastic.edu.catalog;

import dev.vertxelastic.platform.http.Problem;
import dev.vertxelastic.platform.http.Problem.FieldError;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A catalog search: {@code text} (case-insensitive substring of title or summary), {@code tag}
 * (exact) and {@code level}, each null when not filtered on, and which page of what size.
 */
public record CourseQuery(String text, String tag, Level level, int page, int size) {

  public static final int DEFAULT_SIZE = 20;
  public static final int MAX_SIZE = 100;
  public static final int MAX_TEXT = 100;
  static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  public CourseQuery {
    if (text != null && (text.isBlank() || text.length() > MAX_TEXT)) {
      throw new IllegalArgumentException("text must be 1-" + MAX_TEXT + " characters");
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("malformed tag: " + tag);
    }
    if (page < 1 || size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("page must be >= 1 and size 1-" + MAX_SIZE);
    }
  }

  /** The first page of everything. */
  public static CourseQuery all() {
    return new CourseQuery(null, null, null, 1, DEFAULT_SIZE);
  }

  /** Reads {@code q, tag, level, page, size}; an empty value means "not given". Fails with every bad field listed. */
  public static CourseQuery parse(MultiMap params) {
    List<FieldError> errors = new ArrayList<>();
    String text = single(params, "q", errors);
    if (text != null && text.length() > MAX_TEXT) {
      errors.add(new FieldError("q", "must be at most " + MAX_TEXT + " characters"));
    }
    String tag = single(params, "tag", errors);
    if (tag != null && !TAG.matcher(tag).matches()) {
      errors.add(new FieldError("tag", "must be 1-32 lower-case letters, digits or '-'"));
    }
    String levelCode = single(params, "level", errors);
    Level level = levelCode == null ? null : Level.fromCode(levelCode).orElse(null);
    if (levelCode != null && level == null) {
      errors.add(new FieldError("level", "must be one of " + Level.CHOICES));
    }
    int page = number(params, "page", 1, Integer.MAX_VALUE, 1, errors);
    int size = number(params, "size", 1, MAX_SIZE, DEFAULT_SIZE, errors);
    if (!errors.isEmpty()) {
      throw Problem.invalid(errors);
    }
    return new CourseQuery(text, tag, level, page, size);
  }

  /** How many matching courses come before this page. */
  public long offset() {
    return (page - 1L) * size;
  }

  /** The LIKE pattern for {@link #text}, lower case, with {@code !} escaping the wildcards. */
  String likePattern() {
    String lower = text.toLowerCase(Locale.ROOT);
    return "%" + lower.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
  }

  private static String single(MultiMap params, String name, List<FieldError> errors) {
    List<String> values = params.getAll(name);
    if (values.size() > 1) {
      errors.add(new FieldError(name, "must be given at most once"));
      return null;
    }
    // Trimmed first: String.trim() drops every character up to U+0020, control characters too.
    String value = values.isEmpty() ? "" : values.get(0).trim();
    return value.isEmpty() ? null : value;
  }

  private static int number(MultiMap params, String name, int min, int max, int defaultValue, List<FieldError> errors) {
    int before = errors.size();
    String raw = single(params, name, errors);
    if (raw == null) {
      return errors.size() > before ? min : defaultValue;
    }
    String expected = max == Integer.MAX_VALUE ? "must be a whole number of at least " + min
        : "must be a whole number from " + min + " to " + max;
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, like an out-of-range number
    }
    errors.add(new FieldError(name, expected));
    return min;
  }
}
