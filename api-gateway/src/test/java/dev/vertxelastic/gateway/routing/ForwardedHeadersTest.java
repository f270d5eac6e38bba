package dev.vertxelastic.gateway.routing;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

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

  @Test
  void hopByHopNamesMatchInAnyCaseAndNamesOfTheSameLengthPass() {
    MultiMap upstream = MultiMap.caseInsensitiveMultiMap()
        .add("KEEP-ALIVE", "timeout=5")
        .add("tE", "trailers")
        .add("Proxy-AUTHENTICATE", "Basic")
        .add("upgrade", "h2c")
        .add("HOST", "example")
        .add("x-REQUEST-id", "the-service-s-own")
        // The same lengths as trailer, te, host, upgrade and x-request-id: end-to-end.
        .add("Expires", "0")
        .add("X1", "a")
        .add("Date", "Sun, 29 Nov 2026 20:00:00 GMT")
        .add("Pragmas", "b")
        .add("X-Request-Ix", "c");
    MultiMap relayed = MultiMap.caseInsensitiveMultiMap();
    ForwardedHeaders.response(upstream, relayed);
    assertEquals(Set.of("Expires", "X1", "Date", "Pragmas", "X-Request-Ix"), new HashSet<>(relayed.names()), relayed.toString());
  }
}
