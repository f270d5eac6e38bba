package dev.vertxelastic.gateway.routing;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ForwardedHeadersTest {

  @Test
  void anAnswerLosesItsHopByHopHeadersThoseConnectionNamesAndItsRequestId() {
    MultiMap upstream = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/json")
        .add("Content-Length", "12")
        .add("Connection", "keep-alive, X-Upstream-Secret")
        .add("Keep-Alive", "timeout=5")
        .add("Transfer-Encoding", "chunked")
        .add("x-upstream-secret", "hop")
        .add("X-Request-Id", "the-service-s-own")
        .add("Set-Cookie", "a=1")
        .add("Set-Cookie", "b=2");
    MultiMap relayed = MultiMap.caseInsensitiveMultiMap();
    ForwardedHeaders.response(upstream, relayed);
    assertEquals(4, relayed.entries().size(), relayed.toString());
    assertEquals("application/json", relayed.get("content-type"));
    assertEquals("12", relayed.get("Content-Length"));
    assertEquals(2, relayed.getAll("Set-Cookie").size());
  }
}
