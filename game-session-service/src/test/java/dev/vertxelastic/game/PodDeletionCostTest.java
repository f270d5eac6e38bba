package dev.vertxelastic.game;

import dev.vertxelastic.game.session.PodDeletionCost;
import dev.vertxelastic.platform.kubernetes.FakePodApi;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A game pod keeps its pod-deletion-cost at its player count by patching itself through the Kubernetes API. */
@ExtendWith(VertxExtension.class)
class PodDeletionCostTest {

  static final String POD_PATH = "/api/v1/namespaces/games/pods/game-7f9c-abcde";

  static Map<String, String> env(FakePodApi api, Path token) {
    return Map.of("POD_DELETION_COST", "true", "KUBERNETES_API_URL", api.url(), "KUBERNETES_NAMESPACE", "games",
        "KUBERNETES_TOKEN_FILE", token.toString(), "POD_NAME", "game-7f9c-abcde", "POD_DELETION_COST_INTERVAL", "100ms",
        "GAME_SEAT_HOLD", "2s");
  }

  static List<String> costs(List<FakePodApi.Patch> patches) {
    return patches.stream().map(p -> p.body().getJsonObject("metadata").getJsonObject("annotations").getString(PodDeletionCost.ANNOTATION))
        .toList();
  }

  /** The last cost patched, from one reading of the patches (the fake API adds to them meanwhile); null before the first. */
  static String lastCost(List<FakePodApi.Patch> patches) {
    List<String> costs = costs(patches);
    return costs.isEmpty() ? null : costs.get(costs.size() - 1);
  }

  @Test
  void theCostFollowsThePlayersOnlyWhenItChangesWithTheTokenReadAgainEachTime(Vertx vertx, @TempDir Path dir) throws Exception {
    FakePodApi api = Await.result(FakePodApi.start(vertx));
    Path token = Files.writeString(dir.resolve("token"), "token-1\n");
    try (GameService service = GameService.start(vertx, env(api, token))) {
      Await.until("the empty pod's cost", () -> costs(api.patches).equals(List.of("0")));
      FakePodApi.Patch first = api.patches.get(0);
      assertEquals(POD_PATH, first.path());
      assertEquals("application/merge-patch+json", first.contentType());
      assertEquals("Bearer token-1", first.authorization());

      service.post("/api/games/quick-match", service.token("p1"), null, null);
      service.post("/api/games/quick-match", service.token("p2"), null, null);
      Await.until("a cost of 2", () -> "2".equals(lastCost(api.patches)));
      Files.writeString(token, "token-2\n");
      // Nobody connects: the held seats expire (skipped past their hold), the pod is empty again.
      service.clock.skip(Duration.ofSeconds(20));
      Await.until("a cost of 0 again", () -> api.patches.size() > 2 && "0".equals(lastCost(api.patches)));

      List<String> costs = costs(api.patches);
      for (int i = 1; i < costs.size(); i++) {
        assertNotEquals(costs.get(i - 1), costs.get(i), "patched without a change: " + costs);
      }
      assertEquals("Bearer token-2", api.patches.get(api.patches.size() - 1).authorization());
    } finally {
      Await.result(api.close());
    }
  }

  @Test
  void refusedPatchesAreRetriedAndNeverFailTheService(Vertx vertx, @TempDir Path dir) throws Exception {
    FakePodApi api = Await.result(FakePodApi.start(vertx));
    api.refuseNext(3, 403);
    Path token = Files.writeString(dir.resolve("token"), "token-1\n");
    try (GameService service = GameService.start(vertx, env(api, token))) {
      assertEquals(200, service.get("/health/ready").statusCode());

      Await.until("the cost patched once allowed", () -> costs(api.patches).equals(List.of("0")));
      assertEquals(3, api.refused.size());
      assertEquals(201, service.post("/api/games", service.token("u1"), "application/json", "{\"maxPlayers\":2}").statusCode());
    } finally {
      Await.result(api.close());
    }
  }
}
