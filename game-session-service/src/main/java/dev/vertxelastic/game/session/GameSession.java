package dev.vertxelastic.game.session;

import dev.vertxelastic.game.engine.Arena;
import dev.vertxelastic.platform.auth.Principal;
import dev.vertxelastic.platform.http.Problem;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

final class GameSession {

  private static final Logger LOG = Logger.getLogger(GameSession.class.getName());
  private static final long TICK_MILLIS = 1000 / ServerFrames.TICK_RATE_HZ;
  private static final double TICK_SECONDS = 1.0 / ServerFrames.TICK_RATE_HZ;
  private static final int MAX_NAME_LENGTH = 32;

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
  // Only the verticle's event loop (handlers and the one tick timer) touches a session: plain maps.
  private final Map<String, Seat> seats = new LinkedHashMap<>();
  // Seats promised to players who have not connected yet: user id to the time the promise lapses.
  private final Map<String, Long> holds = new HashMap<>();
  // Read by metric gauges from other threads.
  private volatile SessionState state = SessionState.WAITING;
  private volatile int connected;
  private long timerId = -1;
  private long emptySince;
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
    this.clock = clock;
    this.onEnded = onEnded;
    this.createdAt = clock.getAsLong();
    this.emptySince = createdAt;
  }

  void start() {
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

  int connected() {
    return connected;
  }

  /** Connected players plus seats held for players on their way. */
  int seatsTaken() {
    purgeHolds(clock.getAsLong());
    return seats.size() + (int) holds.keySet().stream().filter(user -> !seats.containsKey(user)).count();
  }

  boolean holdsSeatFor(String userId) {
    purgeHolds(clock.getAsLong());
    return state != SessionState.ENDED && (seats.containsKey(userId) || holds.containsKey(userId));
  }

  boolean hasRoomFor(String userId) {
    return state != SessionState.ENDED && (holdsSeatFor(userId) || seatsTaken() < maxPlayers);
  }

  /** Holds a seat for {@code userId} until they connect; a 409 problem when the game is full or over. */
  void admit(String userId) {
    if (state == SessionState.ENDED) {
      throw Problem.conflict("Game " + id + " has ended.");
    }
    if (!hasRoomFor(userId)) {
      throw Problem.conflict("Game " + id + " is full (" + maxPlayers + " players).");
    }
    if (!seats.containsKey(userId)) {
      holds.put(userId, clock.getAsLong() + settings.seatHold().toMillis());
    }
  }

  /** Seats an upgraded WebSocket; a second connection of the same player replaces the first. */
  void join(Principal principal, ServerWebSocket socket) {
    String playerId = principal.userId();
    holds.remove(playerId);
    Seat seat = new Seat(playerId, displayName(principal), socket);
    if (state == SessionState.ENDED) {
      seat.send(ServerFrames.ended("ended", arena.players()));
      seat.close((short) 1000, "session ended");
      return;
    }
    Seat previous = seats.put(playerId, seat);
    if (previous != null) {
      previous.close((short) 4001, "replaced by a new connection");
    }
    Arena.Player you = arena.join(playerId, seat.name());
    connected = seats.size();
    socket.textMessageHandler(text -> onText(seat, text));
    socket.binaryMessageHandler(data -> seat.send(ServerFrames.error("bad-json", "Frames must be JSON text, not binary.")));
    socket.exceptionHandler(err -> onSocketError(seat, err));
    socket.closeHandler(v -> leave(seat));
    seat.send(ServerFrames.welcome(id, arena, you));
  }

  private void leave(Seat seat) {
    if (seats.get(seat.playerId()) != seat) {
      return;
    }
    seats.remove(seat.playerId());
    arena.leave(seat.playerId());
    connected = seats.size();
    if (seats.isEmpty()) {
      emptySince = clock.getAsLong();
    }
  }

  private void onText(Seat seat, String text) {
    if (seats.get(seat.playerId()) != seat) {
      return;
    }
    try {
      ClientFrame frame = ClientFrame.parse(text);
      if (frame instanceof ClientFrame.Input input) {
        arena.steer(seat.playerId(), input.dx(), input.dy());
      } else if (frame instanceof ClientFrame.Ping ping) {
        seat.send(ServerFrames.pong(ping.t()));
      }
    } catch (ClientFrame.BadFrame bad) {
      seat.send(ServerFrames.error(bad.code(), bad.getMessage()));
    }
  }

  private void onSocketError(Seat seat, Throwable err) {
    if (err instanceof CorruptedWebSocketFrameException corrupted) {
      // After a protocol violation (e.g. a frame over the size limit) the decoder drops every later byte.
      seat.close((short) corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
    } else if (err instanceof IllegalStateException && String.valueOf(err.getMessage()).contains("max message size")) {
      seat.send(ServerFrames.error("too-big", "A message may be at most 16 KiB."));
    } else {
      LOG.log(Level.FINE, "session " + id + " player " + seat.playerId() + " socket error", err);
    }
  }

  private void tick() {
    long started = System.nanoTime();
    long now = clock.getAsLong();
    arena.step(TICK_SECONDS);
    advance(now);
    if (state != SessionState.ENDED) {
      long remaining = state == SessionState.RUNNING ? settings.matchLength().toMillis() - (now - runningSince) : -1;
      String frame = ServerFrames.state(arena, state, remaining).encode();
      seats.values().forEach(seat -> seat.send(frame));
    }
    metrics.tick(System.nanoTime() - started);
  }

  private void advance(long now) {
    purgeHolds(now);
    if (state == SessionState.WAITING && seats.size() >= SessionSettings.MIN_PLAYERS) {
      state = SessionState.RUNNING;
      runningSince = now;
      // Points scored while warming up alone do not count.
      arena.resetScores();
    } else if (state == SessionState.RUNNING && now - runningSince >= settings.matchLength().toMillis()) {
      end("time-up");
      return;
    }
    if (seats.isEmpty() && holds.isEmpty() && now - emptySince >= settings.emptyTimeout().toMillis()) {
      end("empty");
    }
  }

  /** Ends the game: every player gets {@code ended} with the scores, then a normal close. */
  void end(String reason) {
    if (state == SessionState.ENDED) {
      return;
    }
    state = SessionState.ENDED;
    vertx.cancelTimer(timerId);
    String frame = ServerFrames.ended(reason, arena.players()).encode();
    List<Seat> leaving = List.copyOf(seats.values());
    seats.clear();
    holds.clear();
    connected = 0;
    for (Seat seat : leaving) {
      seat.send(frame);
      seat.close((short) 1000, "session ended");
    }
    LOG.info("session " + id + " ended (" + reason + ") with " + leaving.size() + " players");
    onEnded.accept(this);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("wsPath", "/ws/games/" + id)
        .put("maxPlayers", maxPlayers)
        .put("players", connected)
        .put("state", state.wireName())
        .put("instance", instanceId);
  }

  private void purgeHolds(long now) {
    holds.values().removeIf(until -> until <= now);
  }

  private static String displayName(Principal principal) {
    String name = principal.name().isBlank() ? "player-" + principal.userId() : principal.name().strip();
    return name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) : name;
  }
}
