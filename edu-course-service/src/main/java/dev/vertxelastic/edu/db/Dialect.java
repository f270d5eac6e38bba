package dev.vertxelastic.edu.db;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The databases the store runs on. Schema, migrations and every query are one set of portable SQL;
 * the only difference is "insert this row unless its key is already there":
 * <ul>
 *   <li>PostgreSQL: {@code INSERT ... ON CONFLICT DO NOTHING}: race-free, 0 rows when present, and
 *       no duplicate-key error in the server log for every repeated enrollment;</li>
 *   <li>H2 (its default mode has no {@code ON CONFLICT}): a plain {@code INSERT}, whose duplicate-key
 *       error (SQLState 23505) {@link Database} counts as "0 rows inserted".</li>
 * </ul>
 */
public enum Dialect {
  H2, POSTGRESQL;

  static final String UNIQUE_VIOLATION = "23505";

  /** The insert-unless-present statement for {@code columns} of {@code table}, with one named parameter per column. */
  String insertIfAbsent(String table, List<String> columns) {
    String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
        + columns.stream().map(c -> "#{" + c + "}").collect(Collectors.joining(", ")) + ")";
    return this == POSTGRESQL ? insert + " ON CONFLICT DO NOTHING" : insert;
  }
}
