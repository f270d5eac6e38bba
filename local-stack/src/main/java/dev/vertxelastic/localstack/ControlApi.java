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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local stand-in for {@code kubectl scale}: list instances (gateways with their management
 * URL), start one more of a service or gateway, or scale one down the way Kubernetes would
 * (terminating, drain, graceful stop). It also serves
 * the scrape targets in Prometheus' HTTP service discovery format.
 */
final class ControlApi {

  private final LocalStack stack;
  private HttpServer server;
  /** Instances being scaled down, id to URL: still scraped until they stop, as a terminating pod is. */
  private final Map<String, String> terminating = new ConcurrentHashMap<>();

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
    router.get("/prometheus/targets").handler(this::prometheusTargets);
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
    stack.gateways().forEach((id, urls) -> running.add(new JsonObject().put("id", id).mergeIn(urls)));
    stack.instances().forEach((id, url) -> running.add(new JsonObject().put("id", id).put("url", url)));
    JsonArray stopped = new JsonArray(stack.stopped());
    int dropped = stack.stopped().stream().mapToInt(s -> s.getInteger("dropped", 0)).sum();
    ctx.json(new JsonObject().put("instances", running).put("stopped", stopped).put("droppedSessions", dropped));
  }

  private void scaleUp(RoutingContext ctx) {
    String service = ctx.pathParam("service");
    if (!LocalStack.isGateway(service)) {
      try {
        ServiceKind.parse(service);
      } catch (IllegalArgumentException e) {
        ctx.fail(Problem.notFound("No service '" + service + "': use gateways, courses or games."));
        return;
      }
    }
    stack.scaleUp(service).onSuccess(id -> ctx.response().setStatusCode(201)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("id", id).put("url", url(id)).encode()))
        .onFailure(ctx::fail);
  }

  private String url(String id) {
    JsonObject gateway = stack.gateways().get(id);
    return gateway != null ? gateway.getString("url") : stack.instances().get(id);
  }

  private void scaleDown(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!stack.running(id)) {
      ctx.fail(Problem.notFound("No running instance '" + id + "'."));
      return;
    }
    JsonObject gateway = stack.gateways().get(id);
    terminating.put(id, gateway != null ? gateway.getString("management") : stack.instances().get(id));
    stack.scaleDown(id).onComplete(done -> terminating.remove(id)).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /**
   * Prometheus HTTP service discovery: one target group per instance (the gateway on its management
   * port), labelled like the Kubernetes pods the chart runs, so the same rules and dashboard apply.
   */
  private void prometheusTargets(RoutingContext ctx) {
    Map<String, String> scraped = new java.util.LinkedHashMap<>();
    stack.gateways().forEach((id, urls) -> scraped.put(id, urls.getString("management")));
    scraped.putAll(stack.instances());
    terminating.forEach(scraped::putIfAbsent);
    JsonArray groups = new JsonArray();
    scraped.forEach((id, url) -> groups.add(target(url.replaceFirst("^http://", ""), component(id), id)));
    ctx.response().putHeader("Content-Type", "application/json").end(groups.encode());
  }

  private static String component(String id) {
    String prefix = id.substring(0, id.lastIndexOf('-'));
    return LocalStack.isGateway(prefix) ? "gateway" : ServiceKind.parse(prefix).instancePrefix;
  }

  private static JsonObject target(String address, String component, String id) {
    return new JsonObject()
        .put("targets", new JsonArray().add(address))
        .put("labels", new JsonObject()
            .put("app_kubernetes_io_part_of", "vertx-elastic")
            .put("app_kubernetes_io_component", component)
            .put("namespace", "local")
            .put("pod", id));
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
