package dev.vertxelastic.edu;

import dev.vertxelastic.edu.db.DatabaseMigrationException;
import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.h2.api.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the service starts on its database: configuration errors, a database not up yet, failed migrations, worker-only JDBC. */
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
  void anUnreachableDatabasePastDbWaitDeadlineAsksToExitWithOneLineWithoutThePassword(Vertx vertx) throws Exception {
    ServiceRuntime<EduCourseVerticle> runtime = Await.result(ServiceRuntime.start(Env.of(Map.of("HTTP_PORT", "0",
        "MANAGEMENT_PORT", "0", "JWT_SECRET", TestHttp.JWT_SECRET, "DB_URL", "postgresql://edu:s3cret@127.0.0.1:1/edu", "DB_CONNECT_TIMEOUT", "1s",
        "DB_WAIT_DEADLINE", "2s")), EduCourseVerticle::new));
    try {
      // Held until closed: Vert.x's Cleaner closes a client that nothing references, even mid-request.
      WebClient client = WebClient.create(vertx);
      assertEquals(503, TestHttp.get(client, runtime.verticle().actualPort(), "/health/ready").statusCode());
      client.close();

      Throwable failure = Await.failure(runtime.verticle().exitRequested());
      assertInstanceOf(DatabaseMigrationException.class, failure);
      assertTrue(failure.getMessage().startsWith("Database postgresql://***@127.0.0.1:1/edu not reachable within DB_WAIT_DEADLINE (2s)"),
          failure.getMessage());
      assertFalse(failure.getMessage().contains("s3cret"), "the message leaks the password: " + failure.getMessage());
    } finally {
      Await.result(runtime.stop());
    }
  }

  @Test
  void aServiceStartedBeforeItsDatabaseIsLiveButNotReadyAndTurnsReadyWhenTheDatabaseComesUp(Vertx vertx, @TempDir Path dir)
      throws Exception {
    try (H2TestStore store = H2TestStore.server(dir)) {
      store.stopServer();
      ServiceRuntime<EduCourseVerticle> runtime = TestHttp.start(store.dbUrl());
      try {
        WebClient client = WebClient.create(vertx);
        int port = runtime.verticle().actualPort();
        assertEquals(200, TestHttp.get(client, port, "/health/live").statusCode());
        HttpResponse<Buffer> ready = TestHttp.get(client, port, "/health/ready");
        assertEquals(503, ready.statusCode());
        assertTrue(ready.bodyAsString().contains("waiting for the database"), ready.bodyAsString());
        assertEquals(503, TestHttp.get(client, port, "/api/courses").statusCode());

        store.startServer();

        // The next attempt comes within the back-off in force (at most 10 s) plus one attempt, well within Await's deadline.
        Await.result(runtime.verticle().migrated());
        assertEquals(200, TestHttp.get(client, port, "/health/ready").statusCode());
        assertEquals(200, TestHttp.get(client, port, "/api/courses").statusCode());
      } finally {
        Await.result(runtime.stop());
      }
    }
  }

  @Test
  void anInMemoryDatabaseThatWouldLoseItsSchemaIsRejected() {
    Throwable failure = startFailure(Map.of("HTTP_PORT", "0", "DB_URL", "jdbc:h2:mem:edu-vanishing", "JWT_SECRET",
        TestHttp.JWT_SECRET));
    assertInstanceOf(ConfigException.class, failure);
    assertTrue(failure.getMessage().contains("DB_URL"), failure.getMessage());
  }

  @Test
  void aMigrationThatCannotApplyFailsStartNamingTheDatabase() throws Exception {
    String dbUrl = TestHttp.freshDatabaseUrl();
    TestHttp.execute(dbUrl, "CREATE TABLE courses (id INT PRIMARY KEY)");
    // Started as main starts it (a Vert.x of its own, with the process's metrics), keeping the verticle to ask its health.
    AtomicReference<EduCourseVerticle> verticle = new AtomicReference<>();
    Throwable failure = Await.failure(ServiceRuntime.start(Env.of(Map.of("HTTP_PORT", "0", "DB_URL", dbUrl,
        "JWT_SECRET", TestHttp.JWT_SECRET, "INSTANCE_ID", "unmigratable")), env -> {
          verticle.set(new EduCourseVerticle(env));
          return verticle.get();
        }));
    assertInstanceOf(DatabaseMigrationException.class, failure);
    assertTrue(failure.getMessage().startsWith("Migrating database " + dbUrl + " failed"), failure.getMessage());
    assertFalse(verticle.get().health().isReady());
  }

  @Test
  void healthAndMetricsAnswerOnTheMainAndTheManagementPort(Vertx vertx) throws Exception {
    ServiceRuntime<EduCourseVerticle> runtime = TestHttp.start(TestHttp.freshDatabaseUrl());
    try {
      WebClient client = WebClient.create(vertx);
      int management = runtime.verticle().actualManagementPort();
      assertTrue(management > 0 && management != runtime.verticle().actualPort());
      for (int port : new int[] {runtime.verticle().actualPort(), management}) {
        assertEquals(200, TestHttp.get(client, port, "/health/ready").statusCode());
        assertEquals(200, TestHttp.get(client, port, "/metrics").statusCode());
      }
      assertEquals(404, TestHttp.get(client, management, "/api/courses").statusCode(), "the API is not on the management port");
    } finally {
      Await.result(runtime.stop());
    }
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
