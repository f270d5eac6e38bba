package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A gateway's warm-up goes through its own proxy to the upstreams it routes to, before it turns ready. */
@ExtendWith(VertxExtension.class)
class GatewayWarmUpTest {

  @Test
  void theWarmUpRequestsReachTheRoutedUpstreamsBeforeTheGatewayIsReady(Vertx vertx) {
    TestBackend courses = TestBackend.start(vertx, "courses-1");
    ServiceRuntime<GatewayVerticle> gateway = Gateways.start("gateway-warm",
        Map.of("GATEWAY_UPSTREAMS", "courses=" + courses.url() + ",learners=" + courses.url(), "WARMUP_REQUESTS", "6"));
    try {
      // The start completes once the warm-up is answered: each of the 6 went through the proxy.
      assertEquals(6, courses.hits.get());
      assertTrue(gateway.verticle().health().isReady());
    } finally {
      Await.result(gateway.stop());
      courses.stop();
    }
  }

  @Test
  void withoutWarmUpRequestsNothingIsSentToTheUpstreams(Vertx vertx) {
    TestBackend courses = TestBackend.start(vertx, "courses-2");
    ServiceRuntime<GatewayVerticle> gateway = Gateways.start("gateway-cold", Map.of("GATEWAY_UPSTREAMS", "courses=" + courses.url()));
    try {
      assertEquals(0, courses.hits.get());
      assertTrue(gateway.verticle().health().isReady());
    } finally {
      Await.result(gateway.stop());
      courses.stop();
    }
  }
}
