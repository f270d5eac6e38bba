package dev.vertxelastic.edu;

import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/** Test plumbing: a fresh in-memory database per test class, a started service, a GET. */
final class TestHttp {

  private TestHttp() {
  }

  /** The signing secret every test instance shares (so tests never touch ~/.config). */
  static final String JWT_SECRET = "edu-course-service-test-secret-0123456789abcdef";

  static String freshDatabaseUrl() {
    return "jdbc:h2:mem:edu-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  static ServiceRuntime<EduCourseVerticle> start(String dbUrl) throws Exception {
    return Await.result(ServiceRuntime.start(Env.of(Map.of("HTTP_PORT", "0", "MANAGEMENT_PORT", "0", "INSTANCE_ID", "edu-test",
        "DB_URL", dbUrl, "JWT_SECRET", JWT_SECRET)),
        EduCourseVerticle::new));
  }

  static HttpResponse<Buffer> get(WebClient client, int port, String path) throws Exception {
    return Await.result(client.get(port, "127.0.0.1", path).send());
  }

  /** Runs statements on the database directly from the test thread (never an event loop). */
  static void execute(String dbUrl, String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(dbUrl, "sa", "");
         Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
