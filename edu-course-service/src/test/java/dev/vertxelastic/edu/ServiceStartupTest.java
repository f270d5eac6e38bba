package dev.vertxelastic.edu;

import dev.vertxelastic.edu.db.DatabaseMigrationException;
import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.h2.api.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the service starts on its database: configuration errors, failed migrations, worker-only JDBC. */
@ExtendWith(VertxExtension.class)
class ServiceStartupTest {

  /** An H2 trigger that records every SELECT it sees that runs on a Vert.x event loop. */
  public static final class SelectProbe implements Trigger {
    static final AtomicInteger SELECTS = new AtomicInteger();
    static final Queue<String> ON_EVENT_LOOP = new ConcurrentLinkedQueue<>();

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) {
      SELECTS.incrementAndGet();
      if (Context.isOnEventLoopThread()) {
        ON_EVENT_LOOP.add(Thread.currentThread().getName());
      }
    }
  }

  static Throwable startFailure(Map<String, String> env) {
    return Await.failure(ServiceRuntime.start(Env.of(env), EduCourseVerticle::new));
  }

  @Test
  void aDbUrlThatIsNeitherH2NorPostgresqlFailsStartWithAConfigExceptionNamingDbUrl() {
    Throwable failure = startFailure(Map.of("HTTP_PORT", "0", "DB_URL", "jdbc:mysql://edu:s3cret@db:3306/edu"));
    assertInstanceOf(ConfigException.class, failure);
    assertTrue(failure.getMessage().contains("DB_URL"), failure.getMessage());
    assertFalse(failure.getMessage().contains("s3cret"), "the message leaks the password: " + failure.getMessage());
  }

  @Test
  void anUnreachablePostgresqlFailsStartWithinTheConnectTimeoutWithoutLeakingThePassword(Vertx vertx) throws Exception {
    EduCourseVerticle verticle = new EduCourseVerticle(Env.of(Map.of("HTTP_PORT", "0", "JWT_SECRET", TestHttp.JWT_SECRET,
        "DB_URL", "postgresql://edu:s3cret@127.0.0.1:1/edu", "DB_CONNECT_TIMEOUT", "1s")));
    long started = System.nanoTime();
    Throwable failure = Await.failure(vertx.deployVerticle(verticle));
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    assertInstanceOf(DatabaseMigrationException.class, failure);
    assertTrue(failure.getMessage().startsWith("Migrating database postgresql://***@127.0.0.1:1/edu failed"), failure.getMessage());
    assertFalse(failure.getMessage().contains("s3cret"), "the message leaks the password: " + failure.getMessage());
    assertTrue(seconds < 10, "the failed start took " + seconds + " s");
  }

  @Test
  void anInMemoryDatabaseThatWouldLoseItsSchemaIsRejected() {
    Throwable failure = startFailure(Map.of("HTTP_PORT", "0", "DB_URL", "jdbc:h2:mem:edu-vanishing", "JWT_SECRET",
        TestHttp.JWT_SECRET));
    assertInstanceOf(ConfigException.class, failure);
    assertTrue(failure.getMessage().contains("DB_URL"), failure.getMessage());
  }

  @Test
  void aMigrationThatCannotApplyFailsStartNamingTheDatabase(Vertx vertx) throws Exception {
    String dbUrl = TestHttp.freshDatabaseUrl();
    TestHttp.execute(dbUrl, "CREATE TABLE courses (id INT PRIMARY KEY)");
    EduCourseVerticle verticle = new EduCourseVerticle(Env.of(Map.of("HTTP_PORT", "0", "DB_URL", dbUrl, "JWT_SECRET",
        TestHttp.JWT_SECRET)));
    // Deployed on the test's Vert.x: ServiceRuntime.start closes its own Vert.x on a failed deployment
    // and then cannot deliver the failure (its future is bound to a terminated event loop).
    Throwable failure = Await.failure(vertx.deployVerticle(verticle));
    assertInstanceOf(DatabaseMigrationException.class, failure);
    assertTrue(failure.getMessage().startsWith("Migrating database " + dbUrl + " failed"), failure.getMessage());
    assertFalse(verticle.health().isReady());
  }

  @Test
  void databaseCallsRunOnWorkerThreadsNeverOnAnEventLoop(Vertx vertx) throws Exception {
    String dbUrl = TestHttp.freshDatabaseUrl();
    ServiceRuntime<EduCourseVerticle> runtime = TestHttp.start(dbUrl);
    try {
      for (String table : new String[] {"courses", "course_tags", "lessons"}) {
        TestHttp.execute(dbUrl, "CREATE TRIGGER probe_" + table + " BEFORE SELECT ON " + table
            + " CALL '" + SelectProbe.class.getName() + "'");
      }
      WebClient client = WebClient.create(vertx);
      int port = runtime.verticle().actualPort();
      assertEquals(200, TestHttp.get(client, port, "/api/courses?q=kubernetes&tag=devops").statusCode());
      assertEquals(200, TestHttp.get(client, port, "/api/courses/kubernetes-fundamentals").statusCode());
      assertTrue(SelectProbe.SELECTS.get() >= 3, "the probe saw " + SelectProbe.SELECTS.get() + " selects");
      assertTrue(SelectProbe.ON_EVENT_LOOP.isEmpty(), "JDBC ran on event loops: " + SelectProbe.ON_EVENT_LOOP);
    } finally {
      Await.result(runtime.stop());
    }
  }
}
