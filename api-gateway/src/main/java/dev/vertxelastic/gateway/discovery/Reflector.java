package dev.vertxelastic.gateway.discovery;

import io.vertx.core.AsyncResult;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.logging.Logger;

/**
 * A local cache of one resource collection kept in step with the API server, after client-go's
 * reflector: list, then watch from the list's resourceVersion with bookmarks; every event moves
 * the version on; a clean close re-watches; {@code 410 Gone} re-lists at once (at the last
 * version, then at "" if that is gone too) and the re-list replaces the cache, so objects deleted
 * while disconnected disappear; any other failure (or a watch that ends without a single event)
 * re-lists after a back-off of 0.8 s doubling to 30 s with ±20% jitter, reset by any watch
 * event. Runs on one Vert.x context; {@code onChange} gets every new snapshot.
 */
final class Reflector {

  static final long FIRST_BACKOFF_MILLIS = 800;
  static final long MAX_BACKOFF_MILLIS = 30_000;
  private static final Logger LOG = Logger.getLogger(Reflector.class.getName());

  private final String kind;
  private final ListWatch source;
  private final Clock clock;
  private final DoubleSupplier random;
  private final Consumer<Map<String, JsonObject>> onChange;
  private final Map<String, JsonObject> cache = new LinkedHashMap<>();
  private volatile Map<String, JsonObject> view = Map.of();
  private volatile String version = "0";
  private int failures;
  private int watchEvents;
  private boolean gone;
  private boolean stopped;
  private volatile boolean synced;
  private volatile long lastSync;
  private volatile String lastError;
  private volatile Throwable lastListFailure;
  private ListWatch.Watch watch;
  private Runnable onListFailure = () -> { };

  Reflector(String kind, ListWatch source, Clock clock, DoubleSupplier random, Consumer<Map<String, JsonObject>> onChange) {
    this.kind = kind;
    this.source = source;
    this.clock = clock;
    this.random = random;
    this.onChange = onChange;
  }

  /** Called after every failed list (e.g. to fall back while access is forbidden). */
  void onListFailure(Runnable hook) {
    this.onListFailure = hook;
  }

  void start() {
    list(version);
  }

  void stop() {
    stopped = true;
    if (watch != null) {
      watch.close();
    }
  }

  boolean synced() {
    return synced;
  }

  long lastSync() {
    return lastSync;
  }

  String lastError() {
    return lastError;
  }

  /** The failure of the last list, null once a list succeeded. */
  Throwable lastListFailure() {
    return lastListFailure;
  }

  String version() {
    return version;
  }

  /** The cache as of the last change; safe to read from any thread. */
  Map<String, JsonObject> snapshot() {
    return view;
  }

  private void list(String at) {
    if (stopped) {
      return;
    }
    source.list(at).onComplete(result -> {
      if (stopped) {
        return;
      }
      if (result.failed()) {
        lastListFailure = result.cause();
        onListFailure.run();
        if (ApiFailure.isGone(result.cause()) && !at.isEmpty()) {
          list("");
        } else {
          failed("list", result.cause());
        }
        return;
      }
      lastListFailure = null;
      replace(result.result());
      watch();
    });
  }

  private void replace(JsonObject list) {
    Map<String, JsonObject> next = new LinkedHashMap<>();
    for (Object item : list.getJsonArray("items", new io.vertx.core.json.JsonArray())) {
      JsonObject object = (JsonObject) item;
      next.put(key(object), object);
    }
    version = list.getJsonObject("metadata", new JsonObject()).getString("resourceVersion", version);
    // The first list is news even when empty: it makes the cache synced.
    boolean changed = !synced || !next.equals(cache);
    cache.clear();
    cache.putAll(next);
    synced = true;
    lastSync = clock.millis();
    if (changed) {
      view = Map.copyOf(cache);
      onChange.accept(view);
    }
  }

  private void watch() {
    if (stopped) {
      return;
    }
    watchEvents = 0;
    gone = false;
    source.watch(version, this::onEvent).onComplete(opened -> {
      if (opened.failed()) {
        watchEnded(opened.mapEmpty());
        return;
      }
      watch = opened.result();
      if (stopped) {
        watch.close();
        return;
      }
      watch.ended().onComplete(this::watchEnded);
    });
  }

  private void onEvent(JsonObject event) {
    if (stopped || gone) {
      return;
    }
    watchEvents++;
    String type = event.getString("type", "");
    JsonObject object = event.getJsonObject("object", new JsonObject());
    if ("ERROR".equals(type)) {
      int code = object.getInteger("code", 500);
      lastError = "watch ERROR " + code + ": " + object.getString("message", "");
      if (code == 410) {
        gone = true;
      } else {
        watchEvents = 0;
      }
      if (watch != null) {
        watch.close();
      }
      return;
    }
    // A watch that delivers is healthy again: the next failure starts from the first back-off step.
    failures = 0;
    version = object.getJsonObject("metadata", new JsonObject()).getString("resourceVersion", version);
    lastSync = clock.millis();
    boolean changed = switch (type) {
      case "ADDED", "MODIFIED" -> !object.equals(cache.put(key(object), object));
      case "DELETED" -> cache.remove(key(object)) != null;
      default -> false;
    };
    if (changed) {
      view = Map.copyOf(cache);
      onChange.accept(view);
    }
  }

  private void watchEnded(AsyncResult<Void> ended) {
    watch = null;
    if (stopped) {
      return;
    }
    if (gone || ApiFailure.isGone(ended.cause())) {
      // The version was compacted away: only a fresh list can tell what changed meanwhile.
      list(version);
    } else if (ended.succeeded() && watchEvents > 0) {
      watch();
    } else {
      failed("watch", ended.failed() ? ended.cause() : new IllegalStateException("watch closed without an event"));
    }
  }

  private void failed(String what, Throwable cause) {
    lastError = what + " failed: " + cause.getMessage();
    long delay = backoff(failures++);
    LOG.fine(() -> kind + " " + lastError + "; re-listing in " + delay + " ms");
    clock.later(delay, () -> list(version));
  }

  /** 0.8 s doubling to 30 s, each ±20%. */
  long backoff(int previousFailures) {
    long base = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(previousFailures, 6));
    return Math.round(base * (0.8 + 0.4 * random.getAsDouble()));
  }

  static String key(JsonObject object) {
    JsonObject metadata = object.getJsonObject("metadata", new JsonObject());
    return metadata.getString("namespace", "") + "/" + metadata.getString("name", "");
  }
}
