package dev.vertxelastic.game;

import dev.vertxelastic.game.session.DrainApi;
import dev.vertxelastic.game.session.GamesApi;
import dev.vertxelastic.game.session.PlayEndpoint;
import dev.vertxelastic.game.session.PodDeletionCost;
import dev.vertxelastic.game.session.SessionDrain;
import dev.vertxelastic.game.session.SessionSettings;
import dev.vertxelastic.game.session.Sessions;
import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.kubernetes.KubernetesSettings;
import dev.vertxelastic.platform.metrics.Metrics;
import dev.vertxelastic.platform.runtime.HttpServiceVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The game-session-service: REST under {@code /api/games} and real-time play on
 * {@code /ws/games/{id}}, for the sessions this instance hosts (a session id names its instance).
 * At capacity ({@code GAME_MAX_SESSIONS}, {@code GAME_MAX_PLAYERS}) it stays ready, since a
 * ReplicaSet deletes not-ready pods first, and refuses newcomers with 503 (the gateway places them
 * by each instance's capacity); with {@code POD_DELETION_COST=true} it keeps its pod's deletion cost
 * at its player count, so a scale-down removes empty pods first. On stop
 * (SIGTERM) or {@code POST /admin/drain} (on the management port, {@code MANAGEMENT_PORT}) it drains: no new session or player, running matches play
 * to their end up to {@code GAME_DRAIN_DEADLINE} (150s), then the rest end with {@code server-shutdown}.
 */
public final class GameSessionVerticle extends HttpServiceVerticle {

  public static final String SERVICE_NAME = "game-session-service";
  public static final int DEFAULT_PORT = 8082;
  public static final int DEFAULT_MANAGEMENT_PORT = 9082;
  // Frames up to this size are read and answered with a "too-big" error; a bigger one closes its connection (1009).
  private static final int MAX_FRAME_BYTES = 64 * 1024;
  private static final int MAX_MESSAGE_BYTES = 16 * 1024;

  private final SessionSettings settings;
  private final Duration drainDeadline;
  private final Tokens.Settings tokenSettings;
  private final KubernetesSettings kubernetes;
  private final String podName;
  private final Duration podCostInterval;
  private final LongSupplier clock;
  private final Promise<Void> drained = Promise.promise();
  private Sessions sessions;
  private SessionDrain drain;
  private DrainApi drainApi;
  private PodDeletionCost podCost;

  /** Reads the configuration, failing fast with a {@code ConfigException} naming a bad variable. */
  public GameSessionVerticle(Env env) {
    this(env, Sessions.SYSTEM_CLOCK);
  }

  /** With the sessions' clock (monotonic milliseconds) given: tests move it on. */
  GameSessionVerticle(Env env, LongSupplier clock) {
    super(SERVICE_NAME, env, DEFAULT_PORT, DEFAULT_MANAGEMENT_PORT);
    this.clock = clock;
    this.settings = SessionSettings.fromEnv(env);
    this.drainDeadline = env.duration("GAME_DRAIN_DEADLINE", Duration.ofSeconds(150));
    this.tokenSettings = Tokens.Settings.fromEnv(env);
    this.kubernetes = env.bool("POD_DELETION_COST", false) ? KubernetesSettings.fromEnv(env) : null;
    this.podName = env.string("POD_NAME", instanceId);
    this.podCostInterval = env.duration("POD_DELETION_COST_INTERVAL", Duration.ofSeconds(5));
  }

  @Override
  protected boolean operationsOnMainPort() {
    return true;
  }

  /** {@code /admin/drain} only here: no Service or Ingress exposes the management port, so no other pod can drain this one. */
  @Override
  protected void setupManagement(Router management) {
    management.post("/admin/drain").handler(drainApi::start);
    management.get("/admin/drain").handler(drainApi::progress);
  }

  @Override
  protected Future<Void> setup(Router router) {
    Tokens tokens = tokenSettings.create(vertx);
    sessions = new Sessions(vertx, instanceId, settings, Metrics.registry(registryName), clock);
    drain = new SessionDrain(vertx, sessions, health, drainDeadline);
    drain.drained().onComplete(drained);
    drainApi = new DrainApi(drain);
    routes(router, tokens, new GamesApi(sessions), new PlayEndpoint(sessions, tokens));
    if (kubernetes != null) {
      podCost = new PodDeletionCost(vertx, kubernetes, podName, sessions::players, podCostInterval);
      podCost.start();
    }
    return Future.succeededFuture();
  }

  /** The HTTP reads: the open sessions, the capacity the gateways poll, and a session's detail (an unknown id: a 404). */
  @Override
  protected List<String> warmUpPaths() {
    return List.of("/api/games", "/api/games/capacity", "/api/games/warm-up");
  }

  private static void routes(Router router, Tokens tokens, GamesApi games, PlayEndpoint play) {
    router.post("/api/games").handler(jsonBody()).handler(tokens.authenticate()).handler(games::create);
    router.post("/api/games/quick-match").handler(jsonBody()).handler(tokens.authenticate()).handler(games::quickMatch);
    router.get("/api/games").handler(games::list);
    router.get("/api/games/capacity").handler(games::capacity);
    router.get("/api/games/:id").handler(games::get);
    router.get("/ws/games/:id").handler(play::connect);
  }

  /**
   * The platform's options (no compression: the answers are small JSON, and with a compressor Vert.x
   * also puts a chunked writer in every connection's pipeline, which stays there after the upgrade
   * and queues every state frame of every player before it reaches the socket), with the game's
   * frame bounds.
   */
  @Override
  protected HttpServerOptions serverOptions() {
    return super.serverOptions()
        .setMaxWebSocketFrameSize(MAX_FRAME_BYTES).setMaxWebSocketMessageSize(MAX_MESSAGE_BYTES);
  }

  /** The session and player gauges report counts taken here, on the event loop, when a scrape begins. */
  @Override
  protected void publishGauges() {
    if (sessions != null) {
      sessions.publishCounts();
    }
  }

  /** Drains before the server stops: completes once every session has ended, so no WebSocket is cut. */
  @Override
  protected Future<Void> beforeShutdown() {
    if (podCost != null) {
      podCost.flush();
    }
    return drain == null ? Future.succeededFuture() : drain.start();
  }

  /** Ends every match now with {@code server-shutdown}, so that a stop finds nothing to drain (the local stack's Ctrl-C). */
  public Future<Void> endMatchesNow() {
    Promise<Void> over = Promise.promise();
    context.runOnContext(v -> (drain == null ? Future.<Void>succeededFuture() : drain.startNow()).onComplete(over));
    return over.future();
  }

  @Override
  protected Future<Void> cleanup() {
    return podCost == null ? Future.succeededFuture() : podCost.close();
  }

  /** Completes when a drain (SIGTERM or {@code POST /admin/drain}) is over: no session is left. */
  public Future<Void> drained() {
    return drained.future();
  }

  /** A drain asked for with {@code POST /admin/drain} (the preStop hook) ends the process once it is over. */
  @Override
  public Future<Void> exitRequested() {
    return drained();
  }

  /** How long a graceful stop may take at most: the drain deadline, then the server's own shutdown. */
  @Override
  public Duration stopDeadline() {
    return drainDeadline.plus(shutdownTimeout);
  }

  /** The sessions of this instance (for the local stack and tests). */
  public Sessions sessions() {
    return sessions;
  }
}
