package dev.vertxelastic.edu.catalog;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The catalog's order: by title as a reader expects it, regardless of case and accents ("Advanced
 * Japanese Kanji" before "AWS for Developers", "École" beside "Ecology"), then by title, then by id.
 * The key is computed here, so H2 and PostgreSQL (whatever its collation) order alike and serve the
 * order from one index ({@code courses(sort_title, title, id)}, migration V4).
 */
public final class CatalogOrder {

  /** The key's column is as wide as a title; a longer key (after decomposition) is cut, and the title breaks ties. */
  public static final int MAX_KEY = 120;
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  private CatalogOrder() {
  }

  /** The sort key of a title: compatibility-decomposed, accents dropped, lower-cased. */
  public static String sortKey(String title) {
    String key = MARKS.matcher(Normalizer.normalize(title, Normalizer.Form.NFKD)).replaceAll("").toLowerCase(Locale.ROOT);
    if (key.length() <= MAX_KEY) {
      return key;
    }
    int end = Character.isHighSurrogate(key.charAt(MAX_KEY - 1)) ? MAX_KEY - 1 : MAX_KEY;
    return key.substring(0, end);
  }
}
