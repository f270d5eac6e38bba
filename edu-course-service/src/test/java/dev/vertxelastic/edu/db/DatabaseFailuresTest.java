package dev.vertxelastic.edu.db;

import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which database failures mean "unreachable right now" (503), a broken connection, or a duplicate key. */
class DatabaseFailuresTest {

  @Test
  void outagesAndTimeoutsBecome503ProblemsWithRetryAfter() {
    for (Throwable outage : new Throwable[] {
        new ConnectException("Connection refused"),
        new VertxException("wrapped", new ConnectException("Connection refused")),
        ClosedConnectionException.INSTANCE,
        new TimeoutException("query"),
        new VertxException("Timeout waiting for connection", true),
        new SQLNonTransientConnectionException("Connection is broken", "08006"),
        new SQLException("connection failure", "08001"),
        new PgException("the database system is shutting down", "FATAL", "57P03", null),
        new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)}) {
      Throwable translated = DatabaseFailures.translate(outage);
      Problem problem = assertInstanceOf(Problem.class, translated, outage.toString());
      assertEquals(503, problem.status());
      assertEquals(Integer.toString(DatabaseFailures.RETRY_AFTER_SECONDS), problem.headers().get("Retry-After"));
    }
  }

  @Test
  void programmingErrorsAndProblemsPassThrough() {
    SQLSyntaxErrorException syntax = new SQLSyntaxErrorException("bad SQL", "42000");
    assertSame(syntax, DatabaseFailures.translate(syntax));
    PgException constraint = new PgException("check violated", "ERROR", "23514", null);
    assertSame(constraint, DatabaseFailures.translate(constraint));
    Problem notFound = Problem.notFound("nope");
    assertSame(notFound, DatabaseFailures.translate(notFound));
  }

  @Test
  void onlyConnectionFailuresCountAsBrokenConnectionsNotTimeouts() {
    assertTrue(DatabaseFailures.isBrokenConnection(new SQLNonTransientConnectionException("Database is already closed", "90121")));
    assertTrue(DatabaseFailures.isBrokenConnection(new SQLException("connection failure", "08006")));
    assertFalse(DatabaseFailures.isBrokenConnection(new TimeoutException("query")));
    assertFalse(DatabaseFailures.isBrokenConnection(new SQLException("Timeout trying to lock table", "HYT00")));
  }

  @Test
  void aDuplicateKeyIsRecognisedFromBothDrivers() {
    assertTrue(DatabaseFailures.isUniqueViolation(new SQLIntegrityConstraintViolationException("dup", "23505")));
    assertTrue(DatabaseFailures.isUniqueViolation(new PgException("duplicate key", "ERROR", "23505", null)));
    assertFalse(DatabaseFailures.isUniqueViolation(new SQLIntegrityConstraintViolationException("fk", "23506")));
  }
}
