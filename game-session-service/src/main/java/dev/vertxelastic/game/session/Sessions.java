package dev.vertxelastic.game.session;

import dev.vertxelastic.platform.http.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The game sessions hosted by one instance: creates them, finds them, matches players into them
 * and ends them all on shutdown. Use it from the event loop of the verticle that created it.
 */
public final class Sessions {

  /** How long an ended session stays visible (with state {@code ended}) before it is forgotten. */
  static final Duration ENDED_RETENTION = Duration.ofSeconds(60);
  private final Vertx vertx;
  private final String instanceId;
  private final SessionSettings settings;
  private final GameMetrics metrics;
  private final LongSupplier clock = () -> System.nanoTime() / 1_000_000;
  // Concurrent only because metric gauges read it from the scraping thread.
  private final Map<String, GameSession> sessions = new ConcurrentHashMap<>();
  private boolean closed;

  public Sessions(Vertx vertx, String instanceId, SessionSettings settings, MeterRegistry registry) {
    this.vertx = vertx;
    this.instanceId = instanceId;
    this.settings = settings;
    this.metrics = new GameMetrics(registry, this);
  }

  record Match(GameSession session, boolean created) {
  }

  /** A new session, already ticking; a 503 problem when this instance hosts its maximum. */
  GameSession create(int maxPlayers) {
    if (closed) {
      throw Problem.unavailable("This instance is shutting down.", 1);
    }
    if (activeCount() >= settings.maxSessions()) {
      throw Problem.unavailable("This instance hosts its maximum of " + settings.maxSessions() + " games.", 5);
    }
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

  Optional<GameSession> find(String id) {
    return Optional.ofNullable(sessions.get(id));
  }

  /** Sessions that have not ended and have room, oldest first. */
  List<GameSession> open() {
    return sessions.values().stream()
        .filter(s -> s.state() != SessionState.ENDED && s.seatsTaken() < s.maxPlayers())
        .sorted(Comparator.comparingLong(GameSession::createdAt))
        .toList();
  }

  /**
   * Holds a seat for {@code userId}: in the session that already holds one for them, else in the
   * fullest session with room (the oldest among equals), else in a new session.
   */
  Match quickMatch(String userId) {
    Optional<GameSession> mine = sessions.values().stream().filter(s -> s.holdsSeatFor(userId)).findFirst();
    if (mine.isPresent()) {
      mine.get().admit(userId);
      return new Match(mine.get(), false);
    }
    Optional<GameSession> fullest = sessions.values().stream()
        .filter(s -> s.hasRoomFor(userId))
        .max(Comparator.comparingInt(GameSession::seatsTaken)
            .thenComparing(Comparator.comparingLong(GameSession::createdAt).reversed()));
    GameSession session = fullest.orElseGet(() -> create(SessionSettings.DEFAULT_MAX_PLAYERS));
    session.admit(userId);
    return new Match(session, fullest.isEmpty());
  }

  /** Takes no new session and ends every session now; one that still had players counts as dropped. */
  public void closeAll(String reason) {
    closed = true;
    for (GameSession session : List.copyOf(sessions.values())) {
      if (session.state() != SessionState.ENDED) {
        if (session.connected() > 0) {
          metrics.dropped();
        }
        session.end(reason);
      }
    }
  }

  /** Sessions that have not ended. */
  public int activeCount() {
    return (int) sessions.values().stream().filter(s -> s.state() != SessionState.ENDED).count();
  }

  /** Players connected over WebSocket, across all sessions. */
  public int playersConnected() {
    return sessions.values().stream().mapToInt(GameSession::connected).sum();
  }

  private void ended(GameSession session) {
    vertx.setTimer(ENDED_RETENTION.toMillis(), t -> sessions.remove(session.id()));
  }
}
