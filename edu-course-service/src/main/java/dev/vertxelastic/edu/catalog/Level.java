package dev.vertxelastic.edu.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How demanding a course is; written in lower case in the API and the database. */
public enum Level {
  BEGINNER, INTERMEDIATE, ADVANCED;

  public static final String CHOICES = "beginner, intermediate, advanced";

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The level written as {@code code}, exactly (lower case). */
  public static Optional<Level> fromCode(String code) {
    return Arrays.stream(values()).filter(l -> l.code().equals(code)).findFirst();
  }
}
