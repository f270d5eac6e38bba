package dev.vertxelastic.game;

import dev.vertxelastic.game.session.GamesApi;
import dev.vertxelastic.game.session.PlayEndpoint;
import dev.vertxelastic.game.session.SessionSettings;
import dev.vertxelastic.game.session.Sessions;
import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.metrics.Metrics;
import dev.vertxelastic.platform.runtime.HttpServiceVerticle;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/**
 * The game-session-service: REST under {@code /api/games} and real-time play on
 * {@code /ws/games/{id}}, for the sessions this instance hosts (a session id names its instance).
 * On stop, every session still running ends with reason {@code shutdown}.
 */
public final class GameSessionVerticle extends HttpServiceVerticle {

  public static final String SERVICE_NAME = "game-session-service";
  public static final int DEFAULT_PORT = 8082;

  private final SessionSettings settings;
  private Sessions sessions;

  /** Reads the configuration, failing fast with a {@code ConfigException} naming a bad variable. */
  public GameSessionVerticle(Env env) {
    super(SERVICE_NAME, env, DEFAULT_PORT);
    this.settings = SessionSettings.fromEnv(env);
  }

  @Override
  protected Future<Void> setup(Router router) {
    // Reading (or creating) the local JWT secret touches the file system: not on the event loop.
    return vertx.executeBlocking(() -> Tokens.fromEnv(vertx, env)).map(tokens -> {
      sessions = new Sessions(vertx, instanceId, settings, Metrics.registry(registryName));
      routes(router, tokens, new GamesApi(sessions), new PlayEndpoint(sessions, tokens));
      return null;
    });
  }

  private static void routes(Router router, Tokens tokens, GamesApi games, PlayEndpoint play) {
    router.post("/api/games").handler(jsonBody()).handler(tokens.authenticate()).handler(games::create);
    router.post("/api/games/quick-match").handler(jsonBody()).handler(tokens.authenticate()).handler(games::quickMatch);
    router.get("/api/games").handler(games::list);
    router.get("/api/games/:id").handler(games::get);
    router.get("/ws/games/:id").handler(play::connect);
  }

  @Override
  protected Future<Void> beforeShutdown() {
    if (sessions != null) {
      sessions.closeAll("shutdown");
    }
    return Future.succeededFuture();
  }

  /** The sessions of this instance (for the local stack and tests). */
  public Sessions sessions() {
    return sessions;
  }
}
