package dev.vertxelastic.game.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static dev.vertxelastic.game.engine.Arena.PLAYER_RADIUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The game rules, without any network. */
class ArenaTest {

  static final double EPSILON = 1e-9;

  @Test
  void aPlayerMovesAtTheFixedSpeedInTheDirectionOfItsLastInput() {
    Arena arena = Arena.standard(new SplittableRandom(1));
    Arena.Player start = arena.join("ada", "Ada");
    double dx = start.x() < arena.width() / 2 ? 1 : -1;
    arena.steer("ada", dx, 0);
    arena.step(0.1);
    arena.step(0.1);
    Arena.Player after = arena.player("ada").orElseThrow();
    assertEquals(start.x() + dx * Arena.PLAYER_SPEED * 0.2, after.x(), EPSILON);
    assertEquals(start.y(), after.y(), EPSILON);
    assertEquals(2, arena.tick());
  }

  @Test
  void movementIsClampedToTheArena() {
    Arena arena = Arena.standard(new SplittableRandom(2));
    arena.join("ada", "Ada");
    arena.steer("ada", 1, 1);
    arena.step(100);
    Arena.Player corner = arena.player("ada").orElseThrow();
    assertEquals(arena.width() - PLAYER_RADIUS, corner.x(), EPSILON);
    assertEquals(arena.height() - PLAYER_RADIUS, corner.y(), EPSILON);
    arena.steer("ada", -1, -1);
    arena.step(100);
    Arena.Player other = arena.player("ada").orElseThrow();
    assertEquals(PLAYER_RADIUS, other.x(), EPSILON);
    assertEquals(PLAYER_RADIUS, other.y(), EPSILON);
  }

  @Test
  void aDiagonalInputIsNoFasterThanAStraightOne() {
    Arena arena = new Arena(2000, 2000, 0, new SplittableRandom(3));
    Arena.Player start = arena.join("ada", "Ada");
    double dx = start.x() < 1000 ? 1 : -1;
    double dy = start.y() < 1000 ? 1 : -1;
    arena.steer("ada", dx, dy);
    arena.step(0.5);
    Arena.Player after = arena.player("ada").orElseThrow();
    assertEquals(Arena.PLAYER_SPEED * 0.5, Math.hypot(after.x() - start.x(), after.y() - start.y()), EPSILON);
  }

  @Test
  void touchingAnItemScoresAPointAndTheItemRespawns() {
    Arena arena = new Arena(800, 600, 1, new SplittableRandom(4));
    Arena.Player ada = arena.join("ada", "Ada");
    Arena.Item item = arena.items().get(0);
    double distance = Math.hypot(item.x() - ada.x(), item.y() - ada.y());
    arena.steer("ada", (item.x() - ada.x()) / distance, (item.y() - ada.y()) / distance);
    double step = 0.01;
    int maxSteps = (int) Math.ceil(distance / (Arena.PLAYER_SPEED * step)) + 1;
    for (int i = 0; i < maxSteps && arena.items().get(0).equals(item); i++) {
      arena.step(step);
    }
    assertEquals(1, arena.player("ada").orElseThrow().score());
    assertEquals(1, arena.items().size());
    assertNotEquals(item.id(), arena.items().get(0).id());
  }

  @Test
  void theFieldKeepsItsItemCountAndScoresCanStartOver() {
    Arena arena = Arena.standard(new SplittableRandom(5));
    arena.join("ada", "Ada");
    arena.join("bob", "Bob");
    for (int i = 0; i < 400; i++) {
      arena.players().forEach(p -> chaseNearestItem(arena, p));
      arena.step(0.05);
      assertEquals(Arena.DEFAULT_ITEM_COUNT, arena.items().size());
    }
    assertTrue(arena.players().stream().mapToInt(Arena.Player::score).sum() >= 5, "too few pickups: " + arena.players());
    arena.resetScores();
    assertEquals(0, arena.players().stream().mapToInt(Arena.Player::score).sum());
  }

  static void chaseNearestItem(Arena arena, Arena.Player p) {
    Arena.Item target = arena.items().stream()
        .min(java.util.Comparator.comparingDouble(i -> Math.hypot(i.x() - p.x(), i.y() - p.y()))).orElseThrow();
    double distance = Math.max(1e-6, Math.hypot(target.x() - p.x(), target.y() - p.y()));
    arena.steer(p.id(), (target.x() - p.x()) / distance, (target.y() - p.y()) / distance);
  }

  @Test
  void aJoiningPlayerIsPlacedClearOfItemsAndScoresNothingWithoutMoving() {
    // A quarter of this field is within reach of an item: a blind placement would score on most of the 50 joins.
    Arena arena = new Arena(300, 300, 10, new SplittableRandom(8));
    for (int i = 0; i < 50; i++) {
      arena.join("player-" + i, "Player " + i);
      arena.step(0);
    }
    assertEquals(List.of(), arena.players().stream().filter(p -> p.score() > 0).toList());
  }

  @Test
  void inputsOutsideMinusOneToOneAreRejected() {
    Arena arena = Arena.standard(new SplittableRandom(6));
    arena.join("ada", "Ada");
    assertThrows(IllegalArgumentException.class, () -> arena.steer("ada", 1.5, 0));
    assertThrows(IllegalArgumentException.class, () -> arena.steer("ada", 0, -1.01));
    assertThrows(IllegalArgumentException.class, () -> arena.steer("ada", Double.NaN, 0));
    assertThrows(IllegalArgumentException.class, () -> arena.steer("nobody", 0, 0));
  }

  @Test
  void aPlayerWhoLeavesIsGoneFromTheField() {
    Arena arena = Arena.standard(new SplittableRandom(7));
    arena.join("ada", "Ada");
    arena.join("bob", "Bob");
    arena.leave("ada");
    assertFalse(arena.contains("ada"));
    assertEquals(1, arena.players().size());
    assertEquals("bob", arena.players().get(0).id());
  }
}
