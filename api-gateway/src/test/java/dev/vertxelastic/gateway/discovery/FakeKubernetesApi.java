package dev.vertxelastic.gateway.discovery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes API server of the project's own for tests: Services and EndpointSlices of one
 * namespace, lists with label selectors and chunked {@code ?watch=true} streams of
 * newline-delimited events, one increasing resourceVersion for every change, replay of the
 * history after a watch's version, bookmarks, scripted {@code ERROR 410}, compaction (410 for
 * older versions), bearer-token checks (401), forbidden resources (403), outages (503) and
 * dropped watch connections.
 */
public final class FakeKubernetesApi {

  public static final String SERVICES = "services";
  public static final String SLICES = "endpointslices";
  private static final Pattern PATH = Pattern.compile(
      "^/(?:api/v1|apis/discovery\\.k8s\\.io/v1)/namespaces/([^/]+)/(services|endpointslices)$");

  private record Event(String kind, String type, JsonObject object, long version) {
  }

  private record Watcher(String kind, String selector, HttpServerResponse response) {
  }

  private final String namespace;
  private final Map<String, Map<String, JsonObject>> store = Map.of(SERVICES, new TreeMap<>(), SLICES, new TreeMap<>());
  private final List<Event> history = new ArrayList<>();
  private final List<Watcher> watchers = new ArrayList<>();
  private final Set<String> forbidden = new HashSet<>();
  /** Every request served, as {@code "<kind> list|watch rv=<version>"}, for assertions on the sequence. */
  public final List<String> requests = new CopyOnWriteArrayList<>();
  private String token;
  private long version = 100;
  private long compactedBelow;
  private boolean down;
  private HttpServer server;

  private FakeKubernetesApi(String namespace, String token) {
    this.namespace = namespace;
    this.token = token;
  }

  /** Starts on a free loopback port; {@code token} null accepts any caller (like {@code kubectl proxy}). */
  public static Future<FakeKubernetesApi> start(Vertx vertx, String namespace, String token) {
    FakeKubernetesApi api = new FakeKubernetesApi(namespace, token);
    return vertx.createHttpServer().requestHandler(api::handle).listen(0, "127.0.0.1").map(s -> {
      api.server = s;
      return api;
    });
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public Future<Void> close() {
    dropWatches();
    return server.close();
  }

  /** From now on only {@code Bearer <token>} is accepted; open watches keep going, as on a real server. */
  public synchronized void rotateToken(String next) {
    token = next;
  }

  public synchronized long version() {
    return version;
  }

  /** Creates or replaces an object (by {@code metadata.name}); watches see ADDED or MODIFIED. */
  public synchronized JsonObject apply(String kind, JsonObject object) {
    JsonObject copy = object.copy();
    JsonObject metadata = copy.getJsonObject("metadata");
    metadata.put("namespace", namespace).put("resourceVersion", String.valueOf(++version));
    JsonObject prior = store.get(kind).put(metadata.getString("name"), copy);
    publish(new Event(kind, prior == null ? "ADDED" : "MODIFIED", copy, version));
    return copy;
  }

  public synchronized void delete(String kind, String name) {
    JsonObject gone = store.get(kind).remove(name);
    if (gone != null) {
      JsonObject copy = gone.copy();
      copy.getJsonObject("metadata").put("resourceVersion", String.valueOf(++version));
      publish(new Event(kind, "DELETED", copy, version));
    }
  }

  /** Sends a BOOKMARK carrying the current version to every watch. */
  public synchronized void bookmark() {
    for (Watcher w : watchers) {
      write(w.response, "BOOKMARK", new JsonObject().put("metadata", new JsonObject().put("resourceVersion", String.valueOf(version))));
    }
  }

  /** Every watch gets {@code ERROR 410 Gone} and is closed, and versions up to now are compacted away. */
  public synchronized void expireWatches() {
    compactedBelow = version + 1;
    for (Watcher w : List.copyOf(watchers)) {
      write(w.response, "ERROR", gone());
      w.response.end();
    }
    watchers.clear();
  }

  /** Versions up to now can no longer be watched or listed from (410). */
  public synchronized void compact() {
    compactedBelow = version + 1;
  }

  /** Closes every watch connection abruptly. */
  public synchronized void dropWatches() {
    for (Watcher w : List.copyOf(watchers)) {
      w.response.reset();
    }
    watchers.clear();
  }

  /** While down, every request gets 503 and open watches are dropped. */
  public synchronized void down(boolean isDown) {
    down = isDown;
    if (isDown) {
      dropWatches();
    }
  }

  public synchronized void forbid(String kind, boolean isForbidden) {
    if (isForbidden) {
      forbidden.add(kind);
    } else {
      forbidden.remove(kind);
    }
  }

  public synchronized int openWatches(String kind) {
    return (int) watchers.stream().filter(w -> w.kind.equals(kind)).count();
  }

  private synchronized void handle(HttpServerRequest request) {
    Matcher path = PATH.matcher(request.path());
    if (!path.matches() || !path.group(1).equals(namespace)) {
      status(request.response(), 404, "NotFound", "the server could not find the requested resource");
      return;
    }
    String kind = path.group(2);
    boolean watch = "true".equals(request.getParam("watch"));
    String rv = request.getParam("resourceVersion", "");
    requests.add(kind + (watch ? " watch" : " list") + " rv=" + rv);
    if (down) {
      status(request.response(), 503, "ServiceUnavailable", "the server is currently unable to handle the request");
    } else if (token != null && !("Bearer " + token).equals(request.getHeader("Authorization"))) {
      status(request.response(), 401, "Unauthorized", "Unauthorized");
    } else if (forbidden.contains(kind)) {
      status(request.response(), 403, "Forbidden", kind + " is forbidden: User cannot list resource \"" + kind + "\"");
    } else if (watch) {
      watch(request, kind, rv);
    } else if (tooOld(rv)) {
      status(request.response(), 410, "Expired", "too old resource version: " + rv);
    } else {
      list(request, kind);
    }
  }

  private void list(HttpServerRequest request, String kind) {
    String selector = request.getParam("labelSelector", "");
    JsonArray items = new JsonArray();
    store.get(kind).values().stream().filter(o -> matches(selector, o)).forEach(o -> items.add(o.copy()));
    request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
        .put("kind", SERVICES.equals(kind) ? "ServiceList" : "EndpointSliceList")
        .put("metadata", new JsonObject().put("resourceVersion", String.valueOf(version)))
        .put("items", items).encode());
  }

  private void watch(HttpServerRequest request, String kind, String rv) {
    HttpServerResponse response = request.response().setChunked(true).putHeader("Content-Type", "application/json");
    if (tooOld(rv)) {
      write(response, "ERROR", gone());
      response.end();
      return;
    }
    String selector = request.getParam("labelSelector", "");
    long from = rv.isEmpty() || "0".equals(rv) ? version : Long.parseLong(rv);
    for (Event e : history) {
      if (e.kind.equals(kind) && e.version > from && matches(selector, e.object)) {
        write(response, e.type, e.object);
      }
    }
    Watcher watcher = new Watcher(kind, selector, response);
    watchers.add(watcher);
    response.closeHandler(v -> {
      synchronized (this) {
        watchers.remove(watcher);
      }
    });
  }

  private boolean tooOld(String rv) {
    return !rv.isEmpty() && !"0".equals(rv) && Long.parseLong(rv) < compactedBelow;
  }

  private void publish(Event event) {
    history.add(event);
    for (Watcher w : watchers) {
      if (w.kind.equals(event.kind) && matches(w.selector, event.object)) {
        write(w.response, event.type, event.object);
      }
    }
  }

  private static void write(HttpServerResponse response, String type, JsonObject object) {
    if (!response.ended() && !response.closed()) {
      response.write(new JsonObject().put("type", type).put("object", object.copy()).encode() + "\n");
    }
  }

  private static JsonObject gone() {
    return new JsonObject().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
        .put("message", "too old resource version").put("reason", "Expired").put("code", 410);
  }

  private static void status(HttpServerResponse response, int code, String reason, String message) {
    response.setStatusCode(code).putHeader("Content-Type", "application/json").end(new JsonObject()
        .put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
        .put("message", message).put("reason", reason).put("code", code).encode());
  }

  /** Equality ({@code k=v}, {@code k==v}), inequality ({@code k!=v}), existence ({@code k}) and absence ({@code !k}). */
  static boolean matches(String selector, JsonObject object) {
    JsonObject labels = object.getJsonObject("metadata").getJsonObject("labels", new JsonObject());
    for (String term : selector.split(",")) {
      String t = term.trim();
      if (t.isEmpty()) {
        continue;
      }
      boolean ok;
      if (t.contains("!=")) {
        String[] kv = t.split("!=", 2);
        ok = !kv[1].equals(labels.getString(kv[0]));
      } else if (t.contains("=")) {
        String[] kv = t.split("==?", 2);
        ok = kv[1].equals(labels.getString(kv[0]));
      } else if (t.startsWith("!")) {
        ok = !labels.containsKey(t.substring(1));
      } else {
        ok = labels.containsKey(t);
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
