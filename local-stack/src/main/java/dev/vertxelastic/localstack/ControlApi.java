package dev.vertxelastic.localstack;

import dev.vertxelastic.platform.http.Problem;
import dev.vertxelastic.platform.http.Problems;
import dev.vertxelastic.platform.http.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The local stand-in for {@code kubectl scale}: list instances, start one more of a service,
 * or scale one down the way Kubernetes would (terminating, drain, graceful stop).
 */
final class ControlApi {

  private final LocalStack stack;
  private HttpServer server;

  ControlApi(LocalStack stack) {
    this.stack = stack;
  }

  Future<Void> listen(Vertx vertx, int port) {
    Router router = Router.router(vertx);
    router.route().handler(RequestIds::handle);
    Problems.install(router);
    router.get("/instances").handler(this::list);
    router.post("/instances/:service").handler(this::scaleUp);
    router.delete("/instances/:id").handler(this::scaleDown);
    router.post("/instances/:id/kill").handler(this::kill);
    return vertx.createHttpServer().requestHandler(router).listen(port).onSuccess(s -> server = s).mapEmpty();
  }

  int port() {
    return server.actualPort();
  }

  Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void list(RoutingContext ctx) {
    JsonArray running = new JsonArray();
    stack.instances().forEach((id, url) -> running.add(new JsonObject().put("id", id).put("url", url)));
    JsonArray stopped = new JsonArray(stack.stopped());
    int dropped = stack.stopped().stream().mapToInt(s -> s.getInteger("dropped", 0)).sum();
    ctx.json(new JsonObject().put("instances", running).put("stopped", stopped).put("droppedSessions", dropped));
  }

  private void scaleUp(RoutingContext ctx) {
    String service = ctx.pathParam("service");
    ServiceKind kind;
    try {
      kind = ServiceKind.parse(service);
    } catch (IllegalArgumentException e) {
      ctx.fail(Problem.notFound("No service '" + service + "': use courses or games."));
      return;
    }
    stack.scaleUp(kind.name()).onSuccess(id -> ctx.response().setStatusCode(201)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("id", id).put("url", stack.instances().get(id)).encode()))
        .onFailure(ctx::fail);
  }

  private void scaleDown(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!stack.instances().containsKey(id)) {
      ctx.fail(Problem.notFound("No running instance '" + id + "'."));
      return;
    }
    stack.scaleDown(id).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void kill(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!stack.instances().containsKey(id)) {
      ctx.fail(Problem.notFound("No running instance '" + id + "'."));
      return;
    }
    stack.kill(id).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }
}
