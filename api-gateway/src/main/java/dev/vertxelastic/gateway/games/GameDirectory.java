package dev.vertxelastic.gateway.games;

import dev.vertxelastic.gateway.routing.UpstreamProxy;
import dev.vertxelastic.gateway.routing.UpstreamProxy.Reply;
import dev.vertxelastic.platform.discovery.Endpoint;
import dev.vertxelastic.platform.discovery.Route;
import dev.vertxelastic.platform.discovery.ServiceRegistry;
import dev.vertxelastic.platform.http.Problem;
import dev.vertxelastic.platform.http.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The game calls that need every instance, not one: {@code GET /api/games} lists the open
 * sessions of all game instances, and {@code POST /api/games/quick-match} and {@code POST /api/games}
 * are placed on the ready instance with the most room for players that accepts newcomers (from
 * each instance's {@code GET /api/games/capacity}: a full instance stays ready, so readiness alone
 * would not keep new sessions off it), falling back to the next when one answers 503 (full or
 * draining: nothing was done there).
 */
public final class GameDirectory {

  static final String SEGMENT = "games";
  private final ServiceRegistry registry;
  private final UpstreamProxy upstreams;

  /** Calls game instances through {@code upstreams}: the same endpoints, breaker, ejection and meters as proxied game traffic. */
  public GameDirectory(ServiceRegistry registry, UpstreamProxy upstreams) {
    this.registry = registry;
    this.upstreams = upstreams;
  }

  /** {@code GET /api/games}: the open sessions of every serving instance, merged. */
  public void list(RoutingContext ctx) {
    List<Endpoint> endpoints = route().endpoints().stream().filter(Endpoint::serving).toList();
    List<Future<JsonArray>> lists = new ArrayList<>();
    for (Endpoint e : endpoints) {
      lists.add(call(e, HttpMethod.GET, "/api/games", ctx, null)
          .map(r -> r.status() == 200 ? r.body().toJsonObject().getJsonArray("items", new JsonArray()) : null)
          .otherwise((JsonArray) null));
    }
    Future.join(lists).onComplete(done -> {
      JsonArray items = new JsonArray();
      JsonArray unavailable = new JsonArray();
      for (int i = 0; i < lists.size(); i++) {
        JsonArray list = lists.get(i).result();
        if (list == null) {
          unavailable.add(endpoints.get(i).instance());
        } else {
          items.addAll(list);
        }
      }
      if (!endpoints.isEmpty() && unavailable.size() == endpoints.size()) {
        ctx.fail(Problem.unavailable("No game instance answered.", 1));
        return;
      }
      ctx.json(new JsonObject().put("items", items).put("instances", endpoints.size()).put("unavailable", unavailable));
    });
  }

  /** {@code POST /api/games/quick-match}: placed on the instance with most room, the next one if it is full. */
  public void quickMatch(RoutingContext ctx) {
    placeNew(ctx, "/api/games/quick-match");
  }

  /** {@code POST /api/games}: a new session, placed like a quick match. */
  public void create(RoutingContext ctx) {
    placeNew(ctx, "/api/games");
  }

  private void placeNew(RoutingContext ctx, String uri) {
    List<Endpoint> ready = route().ready();
    if (ready.isEmpty()) {
      ctx.fail(Problem.unavailable("No game instance is ready.", 1));
      return;
    }
    List<Future<Room>> rooms = new ArrayList<>();
    for (Endpoint e : ready) {
      rooms.add(call(e, HttpMethod.GET, "/api/games/capacity", ctx, null)
          .map(r -> r.status() == 200 ? Room.of(e, r.body().toJsonObject()) : null)
          .otherwise((Room) null));
    }
    Future.join(rooms).onComplete(done -> {
      List<Room> accepting = new ArrayList<>(rooms.stream().map(Future::result).filter(r -> r != null && r.accepting()).toList());
      // Shuffled first, so instances that tie on room share the new sessions.
      Collections.shuffle(accepting);
      accepting.sort(Comparator.comparingInt(Room::playerRoom).thenComparingInt(Room::sessionRoom).reversed());
      if (accepting.isEmpty()) {
        ctx.fail(Problem.unavailable("Every game instance is full or draining.", 1));
        return;
      }
      place(ctx, uri, accepting, 0);
    });
  }

  private void place(RoutingContext ctx, String uri, List<Room> candidates, int index) {
    Endpoint target = candidates.get(index).endpoint();
    call(target, HttpMethod.POST, uri, ctx, ctx.body().buffer()).onComplete(ar -> {
      boolean full = ar.succeeded() && ar.result().status() == 503;
      if ((ar.failed() || full) && index + 1 < candidates.size()) {
        place(ctx, uri, candidates, index + 1);
      } else if (ar.failed()) {
        ctx.fail(new Problem(502, "Bad Gateway", "The game instance did not answer."));
      } else {
        Reply reply = ar.result();
        ctx.response().setStatusCode(reply.status());
        reply.headers().forEach((name, value) -> {
          if (!name.equalsIgnoreCase(RequestIds.HEADER) && !name.equalsIgnoreCase("Content-Length")
              && !name.equalsIgnoreCase("Connection") && !name.equalsIgnoreCase("Transfer-Encoding")) {
            ctx.response().putHeader(name, value);
          }
        });
        ctx.response().end(reply.body());
      }
    });
  }

  private Route route() {
    return registry.route(SEGMENT).orElseThrow(() -> Problem.notFound("No service serves /api/games."));
  }

  private Future<Reply> call(Endpoint e, HttpMethod method, String uri, RoutingContext ctx, Buffer body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(RequestIds.HEADER, RequestIds.get(ctx));
    String auth = ctx.request().getHeader("Authorization");
    if (auth != null) {
      headers.add("Authorization", auth);
    }
    boolean withBody = body != null && body.length() > 0;
    if (withBody) {
      String type = ctx.request().getHeader("Content-Type");
      headers.add("Content-Type", type == null ? "application/json" : type);
    }
    return upstreams.call(SEGMENT, e, method, uri, headers, withBody ? body : null);
  }

  /** What {@code GET /api/games/capacity} says of one instance. */
  record Room(Endpoint endpoint, boolean accepting, int playerRoom, int sessionRoom) {
    static Room of(Endpoint e, JsonObject capacity) {
      return new Room(e, capacity.getBoolean("accepting", false), capacity.getInteger("playerRoom", 0),
          capacity.getInteger("sessionRoom", 0));
    }
  }

}
