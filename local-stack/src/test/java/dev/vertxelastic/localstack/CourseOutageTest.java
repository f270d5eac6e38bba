package dev.vertxelastic.localstack;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A crashed course instance costs fast 503 problems, never a hang, and the route heals once it is back. */
@ExtendWith(VertxExtension.class)
class CourseOutageTest {

  static final Duration BREAKER_RESET = Duration.ofSeconds(2);
  static LocalStack stack;
  static StackClient client;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    stack = TestStacks.start("outage", 1, 1, Map.of(
        "GATEWAY_BREAKER_MAX_FAILURES", "3",
        "GATEWAY_BREAKER_RESET", BREAKER_RESET.toMillis() + "ms"));
    client = new StackClient(vertx, stack.gatewayPort());
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(stack.stop());
  }

  @Test
  void killingTheCourseServiceGivesFast503sAndHealsWithinTheBreakerResetTime() throws Exception {
    assertEquals(200, client.get("/api/courses?size=1").statusCode());
    Await.result(stack.kill("edu-1"));

    for (int i = 0; i < 20; i++) {
      long start = System.nanoTime();
      HttpResponse<Buffer> r = client.get("/api/courses?size=1");
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(r.statusCode() == 502 || r.statusCode() == 503, "status " + r.statusCode() + ": " + r.bodyAsString());
      assertEquals("application/problem+json", r.getHeader("Content-Type"));
      assertTrue(millis < 1000, "answer took " + millis + " ms");
    }
    HttpResponse<Buffer> last = client.get("/api/courses?size=1");
    assertEquals(503, last.statusCode(), last.bodyAsString());
    assertTrue(last.getHeader("Retry-After") != null, "503 carries Retry-After");

    Await.result(stack.revive("edu-1"));
    long revivedAt = System.nanoTime();
    Duration bound = BREAKER_RESET.plus(Duration.ofSeconds(3));
    while (client.get("/api/courses?size=1").statusCode() != 200) {
      if (System.nanoTime() - revivedAt > bound.toNanos()) {
        fail("the course route did not heal within " + bound);
      }
      Await.result(client.vertx.timer(100));
    }
  }
}
