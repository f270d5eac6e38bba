package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.http.Problems;
import dev.vertxelastic.platform.http.RawHttp;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The gateway's public server starts through the platform's bootstrap: what Netty or the router rejects is a problem too. */
class MalformedRequestsTest {

  static ServiceRuntime<GatewayVerticle> gateway;

  @BeforeAll
  static void start() {
    gateway = Gateways.start("gateway-malformed", Map.of());
  }

  @AfterAll
  static void stop() {
    Await.result(gateway.stop());
  }

  static void assertProblem(String request, int status) throws Exception {
    for (int port : List.of(gateway.verticle().actualPort(), gateway.verticle().actualManagementPort())) {
      RawHttp.Response r = RawHttp.exchange(port, request);
      assertEquals(status, r.status(), request + " -> " + r.body());
      assertEquals(Problems.CONTENT_TYPE, r.header("Content-Type"), request);
      assertEquals(status, r.json().getInteger("status"));
    }
  }

  @Test
  void badRequestLinesVersionsAndSizesAreProblems() throws Exception {
    for (String version : List.of("HTTP/1.2", "HTTP/2.0", "HTTPS/1.1")) {
      assertProblem("GET /api/courses " + version + "\r\nHost: localhost\r\n\r\n", 400);
    }
    assertProblem("GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n", 414);
    assertProblem("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n", 431);
  }

  @Test
  void anUnnormalisablePathOrQueryIsA400Problem() throws Exception {
    assertProblem("GET /api/%u002e%u002e/metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400);
    assertProblem("GET /api/courses?q=%01 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400);
    assertProblem("GET /ws/games/x?token=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400);
  }
}
