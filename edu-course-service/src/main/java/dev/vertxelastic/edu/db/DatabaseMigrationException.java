package dev.vertxelastic.edu.db;

/** The schema migration did not apply; the service cannot start on this database. */
public final class DatabaseMigrationException extends RuntimeException {

  DatabaseMigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
