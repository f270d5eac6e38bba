package db.migration;

import dev.vertxelastic.edu.catalog.CatalogOrder;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Schema version 4: the catalog is ordered by a case- and accent-insensitive key of the title
 * ({@link CatalogOrder}), computed in Java so that H2 and PostgreSQL agree; existing rows are keyed
 * here, new and changed ones by the repository. The page order's index moves to that key.
 */
public class V4__catalog_sort_key extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("ALTER TABLE courses ADD COLUMN sort_title VARCHAR(" + CatalogOrder.MAX_KEY + ")");
    }
    try (Statement select = connection.createStatement();
         ResultSet rows = select.executeQuery("SELECT id, title FROM courses");
         PreparedStatement update = connection.prepareStatement("UPDATE courses SET sort_title = ? WHERE id = ?")) {
      while (rows.next()) {
        update.setString(1, CatalogOrder.sortKey(rows.getString(2)));
        update.setString(2, rows.getString(1));
        update.addBatch();
      }
      update.executeBatch();
    }
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("ALTER TABLE courses ALTER COLUMN sort_title SET NOT NULL");
      ddl.execute("DROP INDEX idx_courses_title_id");
      // Serves GET /api/courses (ORDER BY sort_title, title, id LIMIT/OFFSET) without sorting every course.
      ddl.execute("CREATE INDEX idx_courses_sort_title ON courses (sort_title, title, id)");
    }
  }
}
