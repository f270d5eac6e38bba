package dev.vertxelastic.game.session;

import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.http.JsonBody;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The REST handlers of {@code /api/games}: create, quick-match, list the open sessions of this
 * instance, get one, and this instance's capacity. Failures are {@link dev.vertxelastic.platform.http.Problem}s.
 */
public final class GamesApi {

  private final Sessions sessions;

  public GamesApi(Sessions sessions) {
    this.sessions = sessions;
  }

  /** {@code POST /api/games} (authenticated, optional JSON body): 201 with the new session. */
  public void create(RoutingContext ctx) {
    NewGame request = NewGame.parse(JsonBody.optional(ctx));
    created(ctx, sessions.create(request.maxPlayers()));
  }

  /** {@code POST /api/games/quick-match} (authenticated): 200 with a session with room, or 201 with a new one. */
  public void quickMatch(RoutingContext ctx) {
    Sessions.Match match = sessions.quickMatch(Tokens.principal(ctx).userId());
    if (match.created()) {
      created(ctx, match.session());
    } else {
      ctx.json(match.session().toJson());
    }
  }

  /** {@code GET /api/games}: the open sessions of this instance. */
  public void list(RoutingContext ctx) {
    ctx.json(new JsonObject().put("items", new JsonArray(sessions.open().stream().map(GameSession::toJson).toList())));
  }

  /** {@code GET /api/games/capacity}: how full this instance is, for the gateway's placement. */
  public void capacity(RoutingContext ctx) {
    ctx.json(sessions.capacity().toJson());
  }

  /** {@code GET /api/games/:id}: one session, 404 when this instance does not host it. */
  public void get(RoutingContext ctx) {
    ctx.json(sessions.get(ctx.pathParam("id")).toJson());
  }

  private static void created(RoutingContext ctx, GameSession session) {
    ctx.response().setStatusCode(201).putHeader("Location", "/api/games/" + session.id());
    ctx.json(session.toJson());
  }
}
