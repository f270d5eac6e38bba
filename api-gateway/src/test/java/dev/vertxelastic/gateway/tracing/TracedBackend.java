package dev.vertxelastic.gateway.tracing;

import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.http.AccessLog;
import dev.vertxelastic.platform.runtime.HttpServiceVerticle;
import dev.vertxelastic.platform.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend built on the platform like the real services (own access log, own tracing), serving
 * a course, a game WebSocket and the two game-directory calls; it keeps what each request carried.
 */
final class TracedBackend extends HttpServiceVerticle {

  static final String SERVICE = "traced-backend";

  /** One request as the backend saw it: every traceparent header, and its own server span's traceparent. */
  record Seen(String method, String path, List<String> traceparents, String own) {
  }

  final List<Seen> seen = new CopyOnWriteArrayList<>();

  TracedBackend(Env env) {
    super(SERVICE, env, 0);
  }

  @Override
  protected Future<Void> setup(Router router) {
    router.get("/api/courses/:id").handler(ctx -> ctx.json(new JsonObject().put("id", ctx.pathParam("id")).put("seen", note(ctx).own())));
    router.get("/api/games/capacity").handler(ctx -> {
      note(ctx);
      ctx.json(new JsonObject().put("accepting", true).put("playerRoom", 4));
    });
    router.post("/api/games/quick-match").handler(ctx -> {
      note(ctx);
      ctx.response().setStatusCode(201);
      ctx.json(new JsonObject().put("id", "game-1.abcdefghij").put("wsPath", "/ws/games/game-1.abcdefghij"));
    });
    router.get("/ws/games/:id").handler(ctx -> {
      Seen upgrade = note(ctx);
      ctx.request().toWebSocket().onSuccess(ws -> {
        AccessLog.upgraded(ctx);
        ws.writeTextMessage(new JsonObject().put("type", "welcome").put("seen", upgrade.own()).encode());
      });
    });
    return Future.succeededFuture();
  }

  private Seen note(RoutingContext ctx) {
    Seen one = new Seen(ctx.request().method().name(), ctx.request().path(), ctx.request().headers().getAll("traceparent"),
        Tracing.currentTraceparent());
    seen.add(one);
    return one;
  }

  List<Seen> seen(String path) {
    return seen.stream().filter(s -> s.path().equals(path)).toList();
  }
}
