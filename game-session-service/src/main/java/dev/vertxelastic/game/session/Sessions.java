package dev.vertxelastic.game.session;

import dev.vertxelastic.platform.http.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The game sessions hosted by one instance: creates them within the instance's capacity, finds
 * them, matches players into them, and drains them. Use it from the event loop of the verticle
 * that created it.
 */
public final class Sessions {

  /** How long an ended session stays visible (with state {@code ended}) before it is forgotten. */
  static final Duration ENDED_RETENTION = Duration.ofSeconds(60);
  static final int FULL_RETRY_AFTER_SECONDS = 5;
  static final int DRAINING_RETRY_AFTER_SECONDS = 1;
  private final Vertx vertx;
  private final String instanceId;
  private final SessionSettings settings;
  private final GameMetrics metrics;
  private final LongSupplier clock;
  // Concurrent only because the readiness check may read it from other threads.
  private final Map<String, GameSession> sessions = new ConcurrentHashMap<>();
  private final List<Runnable> endListeners = new ArrayList<>();
  private volatile boolean draining;
  // What the gauges report, copied on the event loop before each scrape, which reads them on a worker thread.
  private volatile int publishedActive;
  private volatile int publishedPlayers;

  /** Milliseconds of the JVM's monotonic clock: what sessions measure their time with outside tests. */
  public static final LongSupplier SYSTEM_CLOCK = () -> System.nanoTime() / 1_000_000;

  public Sessions(Vertx vertx, String instanceId, SessionSettings settings, MeterRegistry registry) {
    this(vertx, instanceId, settings, registry, SYSTEM_CLOCK);
  }

  /**
   * Sessions that read the time from {@code clock} (monotonic milliseconds) for match length, empty
   * timeouts, seat holds and reconnect graces, so a test can move time on instead of waiting for it.
   */
  public Sessions(Vertx vertx, String instanceId, SessionSettings settings, MeterRegistry registry, LongSupplier clock) {
    this.vertx = vertx;
    this.instanceId = instanceId;
    this.settings = settings;
    this.metrics = new GameMetrics(registry, this);
    this.clock = clock;
  }

  record Match(GameSession session, boolean created) {
  }

  /** A new session, already ticking; a 503 problem when draining or at capacity. */
  GameSession create(int maxPlayers) {
    refuseNewcomers(true);
    GameSession session = new GameSession(vertx, SessionIds.newId(instanceId), instanceId, maxPlayers, settings,
        metrics, clock, this::ended);
    sessions.put(session.id(), session);
    session.start();
    return session;
  }

  /** The session, or a 404 problem that says where a foreign id lives. */
  GameSession get(String id) {
    GameSession session = sessions.get(id);
    if (session != null) {
      return session;
    }
    if (SessionIds.isWellFormed(id) && !SessionIds.instanceOf(id).equals(instanceId)) {
      throw Problem.notFound("Game " + id + " is hosted by instance " + SessionIds.instanceOf(id)
          + ", not by " + instanceId + ".");
    }
    throw Problem.notFound("No game " + id + ".");
  }

  /** Sessions that have not ended and have room, oldest first (none while draining: they take no one new). */
  List<GameSession> open() {
    if (draining) {
      return List.of();
    }
    return sessions.values().stream()
        .filter(s -> s.state() != SessionState.ENDED && s.seatsTaken() < s.maxPlayers())
        .sorted(Comparator.comparingLong(GameSession::createdAt))
        .toList();
  }

  /**
   * Holds a seat for {@code userId}: in the session that already holds one for them (also while
   * draining), else in the fullest session with room (the oldest among equals) whose match does not
   * end before the seat hold would (a newcomer sent there found it ended: a 409 at the WebSocket),
   * else in a new session. A 503 problem when this instance takes no newcomer.
   */
  Match quickMatch(String userId) {
    Optional<GameSession> mine = sessions.values().stream().filter(s -> s.holdsSeatFor(userId)).findFirst();
    if (mine.isPresent()) {
      mine.get().admit(userId);
      return new Match(mine.get(), false);
    }
    refuseNewcomers(false);
    Optional<GameSession> fullest = sessions.values().stream()
        .filter(s -> s.hasRoomFor(userId) && !s.endsWithin(settings.seatHold()))
        .max(Comparator.comparingInt(GameSession::seatsTaken)
            .thenComparing(Comparator.comparingLong(GameSession::createdAt).reversed()));
    GameSession session = fullest.orElseGet(() -> create(SessionSettings.DEFAULT_MAX_PLAYERS));
    session.admit(userId);
    return new Match(session, fullest.isEmpty());
  }

  /**
   * Lets {@code userId} connect to {@code session}: a player placed in it (seated, away within the
   * grace, or matched and on the way) always may, also while draining; a newcomer only while the
   * instance takes newcomers (503 if not) and the game has room (409 if not).
   */
  void admit(GameSession session, String userId) {
    if (!session.holdsSeatFor(userId)) {
      refuseNewcomers(false);
    }
    session.admit(userId);
  }

  /** A 503 problem when draining, when the players are at their limit, or, for a new session, when the sessions are. */
  private void refuseNewcomers(boolean newSession) {
    if (draining) {
      throw Problem.unavailable("This instance is draining and takes no new game or player.", DRAINING_RETRY_AFTER_SECONDS);
    }
    Capacity capacity = capacity();
    if (capacity.players() >= capacity.maxPlayers() || newSession && capacity.sessions() >= capacity.maxSessions()) {
      throw Problem.unavailable("This instance is at capacity (" + capacity.limitReached() + "); try another.",
          FULL_RETRY_AFTER_SECONDS);
    }
  }

  /** Where the instance stands against its limits (safe from any thread). */
  Capacity capacity() {
    int active = 0;
    int players = 0;
    for (GameSession session : sessions.values()) {
      if (session.state() != SessionState.ENDED) {
        active++;
        players += session.occupancy();
      }
    }
    return new Capacity(instanceId, active, settings.maxSessions(), players, settings.maxPlayers(), draining);
  }

  /** Players on this instance (connected, away within the reconnect grace, or holding a seat). */
  public int players() {
    return capacity().players();
  }

  /**
   * Starts a drain: no newcomer is admitted, and every session that can no longer be played ends
   * now. Returns how many sessions play on.
   */
  int drain() {
    draining = true;
    int playingOn = 0;
    for (GameSession session : List.copyOf(sessions.values())) {
      if (session.state() != SessionState.ENDED && session.drain()) {
        playingOn++;
      }
    }
    return playingOn;
  }

  /** Ends every session left with {@code server-shutdown}; returns how many live matches were cut short (counted as dropped). */
  int endAll() {
    int dropped = 0;
    for (GameSession session : List.copyOf(sessions.values())) {
      if (session.state() != SessionState.ENDED) {
        if (session.live()) {
          dropped++;
          metrics.dropped();
        }
        session.end(GameSession.SERVER_SHUTDOWN);
      }
    }
    return dropped;
  }

  /** Runs {@code listener} on the event loop after any session ends. */
  void onSessionEnded(Runnable listener) {
    endListeners.add(listener);
  }

  /** Sessions that have not ended. */
  public int activeCount() {
    return (int) sessions.values().stream().filter(s -> s.state() != SessionState.ENDED).count();
  }

  /** Players connected over WebSocket, across all sessions. */
  public int playersConnected() {
    return sessions.values().stream().mapToInt(GameSession::connected).sum();
  }

  /** Copies what {@code game_sessions_active} and {@code game_players_connected} report; on the event loop. */
  public void publishCounts() {
    publishedActive = activeCount();
    publishedPlayers = playersConnected();
  }

  int publishedActiveCount() {
    return publishedActive;
  }

  int publishedPlayersConnected() {
    return publishedPlayers;
  }

  private void ended(GameSession session) {
    vertx.setTimer(ENDED_RETENTION.toMillis(), t -> sessions.remove(session.id()));
    endListeners.forEach(Runnable::run);
  }
}
