package dev.vertxelastic.localstack;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Gateways behind the stack's front scale up and down the way a gateway Deployment does, games running through them. */
@ExtendWith(VertxExtension.class)
class GatewayScalingTest {

  @Test
  void aGatewayScaledDownKeepsTheGameThroughItWhileNewConnectionsGoToAnother(Vertx vertx) throws Exception {
    LocalStack stack = TestStacks.start("gateway-scaling", 1, 1, Map.of("GATEWAY_DRAIN_DEADLINE", "60s"));
    try {
      WebClient control = WebClient.create(vertx);
      StackClient client = new StackClient(vertx, stack.gatewayPort());
      String ada = client.guestToken("ada");
      String wsPath = client.post("/api/games", ada, new JsonObject().put("maxPlayers", 2)).bodyAsJsonObject().getString("wsPath");
      StackClient.Player player = client.join(wsPath, ada);
      player.next("welcome");

      HttpResponse<Buffer> added = Await.result(control.post(stack.controlPort(), "127.0.0.1", "/instances/gateways").send());
      assertEquals(201, added.statusCode(), added.bodyAsString());
      assertEquals("gateway-2", added.bodyAsJsonObject().getString("id"));
      Future<HttpResponse<Buffer>> removed = control.delete(stack.controlPort(), "127.0.0.1", "/instances/gateway-1").send();
      Await.until("gateway-1 out of rotation", () -> !stack.gateways().containsKey("gateway-1"));

      Await.until("gateway-1's idle connections closed, the game's tunnel kept", () -> stack.front().openConnections("gateway-1") == 1);
      StackClient fresh = new StackClient(vertx, stack.gatewayPort());
      assertEquals(201, fresh.post("/api/auth/guest", null, new JsonObject().put("name", "bob")).statusCode(), "a new connection is served");
      assertEquals(1, stack.front().openConnections("gateway-2"), "by gateway-2");
      assertEquals(1, stack.front().openConnections("gateway-1"), "no new connection went to the draining gateway");
      player.send(new JsonObject().put("type", "ping").put("t", 1));
      player.next("pong");
      player.next("state");
      assertFalse(removed.isComplete(), "the gateway stopped with a game running through it");

      Await.result(player.socket.close());
      HttpResponse<Buffer> done = Await.result(removed);
      assertEquals(new JsonObject().put("instance", "gateway-1").put("dropped", 0), done.bodyAsJsonObject());
      assertEquals(List.of("gateway-2"), List.copyOf(stack.gateways().keySet()));
      assertEquals(stack.gateways().get("gateway-2").getString("management"), "http://127.0.0.1:" + stack.managementPort());
    } finally {
      Await.result(stack.stop());
    }
  }

  @Test
  void aTunnelStillOpenAtTheDrainDeadlineCountsAsDropped(Vertx vertx) throws Exception {
    LocalStack stack = TestStacks.start("gateway-deadline", 1, 1, Map.of("GATEWAY_DRAIN_DEADLINE", "1s"));
    try {
      StackClient client = new StackClient(vertx, stack.gatewayPort());
      String ada = client.guestToken("ada");
      String wsPath = client.post("/api/games", ada, new JsonObject().put("maxPlayers", 2)).bodyAsJsonObject().getString("wsPath");
      StackClient.Player player = client.join(wsPath, ada);
      player.next("welcome");
      Await.result(stack.scaleUp("gateways"));

      JsonObject result = Await.result(stack.scaleDown("gateway-1"));
      assertEquals(new JsonObject().put("instance", "gateway-1").put("dropped", 1), result, "the tunnel, not the idle connection");
      player.closed.get(Await.DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } finally {
      Await.result(stack.stop());
    }
  }

  @Test
  void theLastGatewayIsNotScaledDown(Vertx vertx) throws Exception {
    LocalStack stack = TestStacks.start("gateway-last", 0, 0, Map.of());
    try {
      // Held until closed: Vert.x's Cleaner closes a client that nothing references, even mid-request.
      WebClient control = WebClient.create(vertx);
      HttpResponse<Buffer> r = Await.result(control.delete(stack.controlPort(), "127.0.0.1", "/instances/gateway-1").send());
      control.close();
      assertEquals(409, r.statusCode(), r.bodyAsString());
      assertEquals("application/problem+json", r.getHeader("Content-Type"));
      assertEquals(List.of("gateway-1"), List.copyOf(stack.gateways().keySet()));
    } finally {
      Await.result(stack.stop());
    }
  }
}
