package dev.vertxelastic.game.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.random.RandomGenerator;

/**
 * The authoritative state of one game: a rectangular field where players move by their last
 * input at a fixed speed and pick up items for points. A plain, single-threaded object: the
 * session that owns it calls {@link #step(double)} once per tick.
 */
public final class Arena {

  public static final double DEFAULT_WIDTH = 800;
  public static final double DEFAULT_HEIGHT = 600;
  public static final int DEFAULT_ITEM_COUNT = 5;
  /** Field units per second at full input. */
  public static final double PLAYER_SPEED = 200;
  public static final double PLAYER_RADIUS = 16;
  public static final double ITEM_RADIUS = 8;
  private static final int SPAWN_ATTEMPTS = 10;

  /** A player as seen by everyone. */
  public record Player(String id, String name, double x, double y, int score) {
  }

  /** A collectible on the field. */
  public record Item(String id, double x, double y) {
  }

  private final double width;
  private final double height;
  private final RandomGenerator random;
  private final Map<String, Body> bodies = new LinkedHashMap<>();
  private final List<Item> items = new ArrayList<>();
  private long tick;
  private long itemSequence;

  public Arena(double width, double height, int itemCount, RandomGenerator random) {
    if (width < 4 * PLAYER_RADIUS || height < 4 * PLAYER_RADIUS) {
      throw new IllegalArgumentException("the arena must be at least " + 4 * PLAYER_RADIUS + " units on each side");
    }
    if (itemCount < 0) {
      throw new IllegalArgumentException("itemCount must not be negative");
    }
    this.width = width;
    this.height = height;
    this.random = random;
    while (items.size() < itemCount) {
      items.add(spawnItem());
    }
  }

  /** An 800x600 arena with five items. */
  public static Arena standard(RandomGenerator random) {
    return new Arena(DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_ITEM_COUNT, random);
  }

  /** Places a new player at a random spot clear of items, standing still; joining twice keeps the existing player. */
  public Player join(String id, String name) {
    Body body = bodies.computeIfAbsent(id, key -> spawnBody(key, name));
    return body.view();
  }

  public void leave(String id) {
    bodies.remove(id);
  }

  public boolean contains(String id) {
    return bodies.containsKey(id);
  }

  /** Sets the direction a player moves in until the next input; each component must be in -1..1. */
  public void steer(String id, double dx, double dy) {
    if (!inUnitRange(dx) || !inUnitRange(dy)) {
      throw new IllegalArgumentException("dx and dy must be numbers from -1 to 1");
    }
    Body body = bodies.get(id);
    if (body == null) {
      throw new IllegalArgumentException("no player " + id + " in the arena");
    }
    double length = Math.hypot(dx, dy);
    // A diagonal input must not be faster than a straight one.
    double scale = length > 1 ? 1 / length : 1;
    body.dx = dx * scale;
    body.dy = dy * scale;
  }

  /** Advances the game by {@code seconds}: moves every player, clamped to the field, then scores pickups. */
  public void step(double seconds) {
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("seconds must be a finite non-negative number");
    }
    tick++;
    for (Body body : bodies.values()) {
      body.x = clamp(body.x + body.dx * PLAYER_SPEED * seconds, PLAYER_RADIUS, width - PLAYER_RADIUS);
      body.y = clamp(body.y + body.dy * PLAYER_SPEED * seconds, PLAYER_RADIUS, height - PLAYER_RADIUS);
    }
    double reach = PLAYER_RADIUS + ITEM_RADIUS;
    for (Body body : bodies.values()) {
      for (int i = 0; i < items.size(); i++) {
        Item item = items.get(i);
        if (Math.hypot(item.x() - body.x, item.y() - body.y) <= reach) {
          body.score++;
          items.set(i, spawnItem());
        }
      }
    }
  }

  /** Starts the scoring over (a match begins after the warm-up). */
  public void resetScores() {
    bodies.values().forEach(body -> body.score = 0);
  }

  public long tick() {
    return tick;
  }

  public List<Player> players() {
    return bodies.values().stream().map(Body::view).toList();
  }

  public Optional<Player> player(String id) {
    return Optional.ofNullable(bodies.get(id)).map(Body::view);
  }

  public List<Item> items() {
    return List.copyOf(items);
  }

  public double width() {
    return width;
  }

  public double height() {
    return height;
  }

  private Item spawnItem() {
    // Try not to drop an item right onto a player, who would score without moving.
    double[] at = randomSpot(ITEM_RADIUS, this::clearOfPlayers);
    return new Item("item-" + ++itemSequence, at[0], at[1]);
  }

  private Body spawnBody(String id, String name) {
    // Nor a player right onto an item: they would score on the first tick without moving.
    double[] at = randomSpot(PLAYER_RADIUS, this::clearOfItems);
    return new Body(id, name, at[0], at[1]);
  }

  /** A random spot for a thing of {@code radius}: the first of a few tries that is {@code clear}, else the last. */
  private double[] randomSpot(double radius, BiPredicate<Double, Double> clear) {
    double x = 0;
    double y = 0;
    for (int attempt = 0; attempt < SPAWN_ATTEMPTS; attempt++) {
      x = within(radius, width - radius);
      y = within(radius, height - radius);
      if (clear.test(x, y)) {
        break;
      }
    }
    return new double[] {x, y};
  }

  private boolean clearOfItems(double x, double y) {
    double reach = PLAYER_RADIUS + ITEM_RADIUS;
    return items.stream().noneMatch(item -> Math.hypot(x - item.x(), y - item.y()) <= reach);
  }

  private boolean clearOfPlayers(double x, double y) {
    double reach = PLAYER_RADIUS + ITEM_RADIUS;
    return bodies.values().stream().noneMatch(b -> Math.hypot(x - b.x, y - b.y) <= reach);
  }

  private double within(double min, double max) {
    return min + random.nextDouble() * (max - min);
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }

  private static boolean inUnitRange(double v) {
    return v >= -1 && v <= 1;
  }

  private static final class Body {
    private final String id;
    private final String name;
    private double x;
    private double y;
    private double dx;
    private double dy;
    private int score;

    private Body(String id, String name, double x, double y) {
      this.id = id;
      this.name = name;
      this.x = x;
      this.y = y;
    }

    private Player view() {
      return new Player(id, name, x, y, score);
    }
  }
}
