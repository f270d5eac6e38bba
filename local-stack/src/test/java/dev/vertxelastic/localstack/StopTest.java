package dev.vertxelastic.localstack;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Ctrl-C does to a stack with a match running: the players are told, and the stack is gone within the bound. */
@ExtendWith(VertxExtension.class)
class StopTest {

  @Test
  void stoppingEndsRunningMatchesWithServerShutdownAndAGoingAwayCloseWithinTheBound(Vertx vertx) throws Exception {
    // A long drain deadline: a stop must not wait for it (Ctrl-C is quick locally; Kubernetes drains).
    LocalStack stack = TestStacks.start("stop", 1, 1, Map.of("GAME_DRAIN_DEADLINE", "150s"));
    StackClient client = new StackClient(vertx, stack.gatewayPort());
    String ada = client.guestToken("ada");
    String wsPath = client.post("/api/games", ada, new JsonObject().put("maxPlayers", 2)).bodyAsJsonObject().getString("wsPath");
    List<StackClient.Player> players = List.of(client.join(wsPath, ada), client.join(wsPath, client.guestToken("bob")));
    for (StackClient.Player player : players) {
      player.next("state");
    }

    long start = System.nanoTime();
    Await.result(stack.stop());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    for (StackClient.Player player : players) {
      assertEquals("server-shutdown", player.next("ended").getString("reason"));
      assertEquals((short) 1001, player.closed.get(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    }
    assertTrue(took.compareTo(LocalStack.DEFAULT_STOP_TIMEOUT) < 0, "the stop took " + took);
  }
}
