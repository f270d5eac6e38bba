package dev.vertxelastic.game.session;

import dev.vertxelastic.game.engine.Arena;
import dev.vertxelastic.platform.auth.Principal;
import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Collection;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * One game: its arena, its seats and its 20 Hz tick. Lifecycle {@code waiting -> running -> ended}:
 * it runs once two players are connected, ends after the match length, when nobody has been in it
 * for the empty timeout, or when a drain ends it.
 */
final class GameSession {

  private static final Logger LOG = Logger.getLogger(GameSession.class.getName());
  private static final long TICK_MILLIS = 1000 / ServerFrames.TICK_RATE_HZ;
  /** Steps caught up at most in one tick after a stall (250 ms of game time); beyond that game time slows down. */
  static final int MAX_CATCH_UP_STEPS = 5;
  private static final int MAX_NAME_LENGTH = 32;
  /** A match cut short by the drain deadline. */
  static final String SERVER_SHUTDOWN = "server-shutdown";
  /** A game that had not started when the instance began to drain: its players should match again. */
  static final String SERVER_DRAINING = "server-draining";

  private final Vertx vertx;
  private final String id;
  private final String instanceId;
  private final int maxPlayers;
  private final SessionSettings settings;
  private final GameMetrics metrics;
  private final LongSupplier clock;
  private final Consumer<GameSession> onEnded;
  private final long createdAt;
  private final Arena arena = Arena.standard(new SplittableRandom());
  private final StateFrames stateFrames;
  // Only the verticle's event loop (handlers and the one tick timer) changes a session.
  private final Seating seating = new Seating();
  // Read by metric gauges and the readiness check, possibly from other threads.
  private volatile SessionState state = SessionState.WAITING;
  private boolean draining;
  private long timerId = -1;
  private FixedTimestep timestep;
  private long lastOccupied;
  private long runningSince;

  GameSession(Vertx vertx, String id, String instanceId, int maxPlayers, SessionSettings settings, GameMetrics metrics,
              LongSupplier clock, Consumer<GameSession> onEnded) {
    if (maxPlayers < SessionSettings.MIN_PLAYERS || maxPlayers > SessionSettings.MAX_PLAYERS) {
      throw new IllegalArgumentException("maxPlayers must be from " + SessionSettings.MIN_PLAYERS + " to " + SessionSettings.MAX_PLAYERS);
    }
    this.vertx = vertx;
    this.id = id;
    this.instanceId = instanceId;
    this.maxPlayers = maxPlayers;
    this.settings = settings;
    this.metrics = metrics;
    this.stateFrames = new StateFrames(metrics);
    this.clock = clock;
    this.onEnded = onEnded;
    this.createdAt = clock.getAsLong();
    this.lastOccupied = createdAt;
  }

  void start() {
    timestep = new FixedTimestep(TICK_MILLIS, MAX_CATCH_UP_STEPS, clock.getAsLong());
    timerId = vertx.setPeriodic(TICK_MILLIS, t -> tick());
  }

  String id() {
    return id;
  }

  int maxPlayers() {
    return maxPlayers;
  }

  long createdAt() {
    return createdAt;
  }

  SessionState state() {
    return state;
  }

  /** Players connected now. */
  int connected() {
    return seating.connected();
  }

  /** Seats taken as of the last change or tick: connected, away within the grace, or held for a matched player. */
  int occupancy() {
    return seating.occupancy();
  }

  /** Seats taken now (event loop only). */
  int seatsTaken() {
    return seating.taken(clock.getAsLong());
  }

  boolean holdsSeatFor(String userId) {
    return state != SessionState.ENDED && seating.placeFor(userId, clock.getAsLong());
  }

  boolean hasRoomFor(String userId) {
    return state != SessionState.ENDED && (holdsSeatFor(userId) || seatsTaken() < maxPlayers);
  }

  /** Whether a running match ends within {@code window}: no newcomer should be matched into it. */
  boolean endsWithin(Duration window) {
    return state == SessionState.RUNNING && remainingMillis(clock.getAsLong()) < window.toMillis();
  }

  /** What is left of the running match at {@code now} (negative once it is over). */
  private long remainingMillis(long now) {
    return settings.matchLength().toMillis() - (now - runningSince);
  }

  /** A match is being played: running, with someone in it. */
  boolean live() {
    return state == SessionState.RUNNING && !seating.noSeats();
  }

  /** Holds a seat for {@code userId} until they connect; a 409 problem when the game is full or over. */
  void admit(String userId) {
    if (state == SessionState.ENDED) {
      throw Problem.conflict("Game " + id + " has ended.");
    }
    if (!hasRoomFor(userId)) {
      throw Problem.conflict("Game " + id + " is full (" + maxPlayers + " players).");
    }
    seating.hold(userId, clock.getAsLong() + settings.seatHold().toMillis());
  }

  /**
   * Seats an upgraded WebSocket. A player who still has a seat (away within the grace, or connected
   * from elsewhere, which is replaced) gets it back as it was. {@code channel} is the socket's, or
   * null to leave every write to Vert.x.
   */
  void join(Principal principal, ServerWebSocket socket, FrameChannel channel) {
    String playerId = principal.userId();
    if (state == SessionState.ENDED) {
      socket.writeTextMessage(ServerFrames.ended("ended", arena.players()).encode());
      metrics.frameSent("ended");
      Seat.close(socket, (short) 1000, "session ended");
      return;
    }
    Seat seat = seating.claim(playerId);
    boolean resumed = seat != null;
    if (seat == null) {
      seat = new Seat(playerId, displayName(principal), settings.inputLimit(), metrics);
      seating.add(seat);
    }
    Seat.close(seat.attach(socket, channel), (short) 4001, "replaced by a new connection");
    Arena.Player you = arena.join(playerId, seat.name());
    seating.changed();
    PlayerConnection.bind(socket, seat, settings.inputLimit(), metrics, (player, dx, dy) -> arena.steer(player.playerId(), dx, dy),
        this::leave);
    seat.send(ServerFrames.welcome(id, arena, you, resumed));
  }

  /** A connection is gone: the seat, with position and score, waits for its player for the reconnect grace. */
  private void leave(Seat seat, ServerWebSocket socket) {
    if (!seat.isCurrent(socket) || state == SessionState.ENDED) {
      return;
    }
    seat.detach(clock.getAsLong() + settings.reconnectGrace().toMillis());
    arena.steer(seat.playerId(), 0, 0);
    seating.changed();
  }

  /** Steps the arena by the whole 1/20 s steps that real time has accumulated, then sends the state once. */
  private void tick() {
    long started = System.nanoTime();
    long now = clock.getAsLong();
    int steps = timestep.advance(now);
    if (steps == 0) {
      return;
    }
    for (int i = 0; i < steps; i++) {
      arena.step(timestep.stepSeconds());
    }
    advance(now);
    if (state != SessionState.ENDED) {
      broadcastState(now);
    }
    metrics.tick(System.nanoTime() - started);
  }

  private void broadcastState(long now) {
    stateFrames.broadcast(arena, state, state == SessionState.RUNNING ? remainingMillis(now) : -1, seating.seats(), now);
  }

  private void advance(long now) {
    seating.purge(now, lapsed -> arena.leave(lapsed.playerId()));
    if (state == SessionState.WAITING && seating.connected() >= SessionSettings.MIN_PLAYERS) {
      state = SessionState.RUNNING;
      runningSince = now;
      // Points scored while warming up alone do not count.
      arena.resetScores();
    } else if (state == SessionState.RUNNING && remainingMillis(now) <= 0) {
      end("time-up");
      return;
    }
    if (draining && endIfDrainedOut()) {
      return;
    }
    if (seating.occupancy() > 0) {
      lastOccupied = now;
    } else if (now - lastOccupied >= settings.emptyTimeout().toMillis()) {
      end("empty");
    }
  }

  /**
   * The instance drains: no newcomer sits down, but players already placed here (seated, away
   * within the grace, or matched and on their way) still may. Returns whether the game goes on.
   */
  boolean drain() {
    draining = true;
    endIfDrainedOut();
    return state != SessionState.ENDED;
  }

  /**
   * While draining, a game ends as soon as it can no longer be played: a waiting game that nobody
   * else is coming to (its players are told to match again), or a running one that everyone left.
   */
  private boolean endIfDrainedOut() {
    seating.expireHolds(clock.getAsLong());
    if (state == SessionState.WAITING && seating.noHolds() && seating.connected() < SessionSettings.MIN_PLAYERS) {
      end(SERVER_DRAINING);
    } else if (state == SessionState.RUNNING && seating.noSeats() && seating.noHolds()) {
      end("empty");
    }
    return state == SessionState.ENDED;
  }

  /** Ends the game: every connected player gets {@code ended} with the scores, then a close (1000, or 1001 when the server goes). */
  void end(String reason) {
    if (state == SessionState.ENDED) {
      return;
    }
    state = SessionState.ENDED;
    vertx.cancelTimer(timerId);
    String frame = ServerFrames.ended(reason, arena.players()).encode();
    Collection<Seat> leaving = seating.clear();
    // 1001 (going away) when the server takes the game away, so a client knows to match again elsewhere.
    boolean serverGoes = reason.equals(SERVER_SHUTDOWN) || reason.equals(SERVER_DRAINING);
    for (Seat seat : leaving) {
      seat.send("ended", frame);
      seat.close(serverGoes ? (short) 1001 : (short) 1000, serverGoes ? "server going away" : "session ended");
    }
    LOG.info("session " + id + " ended (" + reason + ") with " + leaving.size() + " players");
    onEnded.accept(this);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("wsPath", "/ws/games/" + id)
        .put("maxPlayers", maxPlayers)
        .put("players", seating.connected())
        .put("state", state.wireName())
        .put("instance", instanceId);
  }

  private static String displayName(Principal principal) {
    String name = principal.name().isBlank() ? "player-" + principal.userId() : principal.name().strip();
    return name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) : name;
  }
}
