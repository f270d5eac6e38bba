package dev.vertxelastic.edu.db;

import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.VertxException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;

/** Sorts database failures: "cannot reach the database now" (a 503), duplicate keys, everything else. */
final class DatabaseFailures {

  static final int RETRY_AFTER_SECONDS = 2;

  private DatabaseFailures() {
  }

  /** A 503 problem when {@code failure} means the database is unreachable or too slow, else {@code failure} itself. */
  static Throwable translate(Throwable failure) {
    if (failure instanceof Problem) {
      return failure;
    }
    return isUnavailable(failure)
        ? Problem.unavailable("The course database is not reachable right now; try again shortly.", RETRY_AFTER_SECONDS)
        : failure;
  }

  static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException || t instanceof ClosedConnectionException || t instanceof SocketException
          || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException || t instanceof SQLTimeoutException) {
        return true;
      }
      if (t instanceof SQLException sql && connectionState(sql.getSQLState())) {
        return true;
      }
      if (t instanceof DatabaseException db && connectionState(db.getSqlState())) {
        return true;
      }
      // The SQL client pool fails a request that waited too long for a connection with a bare "Timeout ..." exception.
      if (t instanceof VertxException && t.getMessage() != null && t.getMessage().startsWith("Timeout")) {
        return true;
      }
    }
    return false;
  }

  /** SQLState class 08 (connection exception), 57P01-57P03 (server shutting down or starting), 53300 (too many connections). */
  private static boolean connectionState(String state) {
    return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
  }

  /** A connection that can no longer be used: closed, broken, or refused (SQLState class 08); not a timeout. */
  static boolean isBrokenConnection(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException || t instanceof SQLException sql && connectionState(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  static boolean isUniqueViolation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && Dialect.UNIQUE_VIOLATION.equals(sql.getSQLState())
          || t instanceof DatabaseException db && Dialect.UNIQUE_VIOLATION.equals(db.getSqlState())) {
        return true;
      }
    }
    return false;
  }
}
