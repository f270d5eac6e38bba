package dev.vertxelastic.edu.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.util.Map;

/**
 * Runs named SQL templates ({@code #{param}} placeholders) against the store, on its own or inside a
 * transaction. The name labels the {@code edu_db_query_seconds} timer. Failures that mean the
 * database cannot be reached (refused, broken, timed out) arrive as a 503 {@code Problem}.
 */
public interface Sql {

  /** Runs one statement; for writes, {@link RowSet#rowCount()} says how many rows it changed. */
  Future<RowSet<Row>> query(String name, String template, Map<String, Object> params);

  /** Inserts {@code row} (column to value) into {@code table} unless its key is there; true when inserted. */
  Future<Boolean> insertIfAbsent(String name, String table, Map<String, Object> row);
}
