package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A gateway's warm-up goes through its own proxy to the upstreams it routes to, before it turns ready. */
@ExtendWith(VertxExtension.class)
class GatewayWarmUpTest {

  /** What a course upstream had received when a gateway in front of it finished its start, and whether the gateway was ready then. */
  private record Start(int upstreamHits, boolean ready) {
  }

  private static Start start(Vertx vertx, String name, Map<String, String> env) {
    TestBackend courses = TestBackend.start(vertx, "courses-" + name);
    Map<String, String> all = new HashMap<>(env);
    all.put("GATEWAY_UPSTREAMS", "courses=" + courses.url() + ",learners=" + courses.url());
    ServiceRuntime<GatewayVerticle> gateway = Gateways.start("gateway-" + name, all);
    try {
      return new Start(courses.hits.get(), gateway.verticle().health().isReady());
    } finally {
      Await.result(gateway.stop());
      courses.stop();
    }
  }

  @Test
  void theWarmUpRequestsReachTheRoutedUpstreamsBeforeTheGatewayIsReady(Vertx vertx) {
    Start start = start(vertx, "warm", Map.of("WARMUP_REQUESTS", "6"));
    // The start completes once the warm-up is answered: each of the 6 went through the proxy.
    assertEquals(6, start.upstreamHits());
    assertTrue(start.ready());
  }

  @Test
  void withoutWarmUpRequestsNothingIsSentToTheUpstreams(Vertx vertx) {
    Start start = start(vertx, "cold", Map.of());
    assertEquals(0, start.upstreamHits());
    assertTrue(start.ready());
  }
}
