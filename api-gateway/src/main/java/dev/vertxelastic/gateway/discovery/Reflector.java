package dev.vertxelastic.gateway.discovery;

import io.vertx.core.AsyncResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.logging.Logger;

/**
 * A local cache of one resource collection kept in step with the API server, after client-go's
 * reflector: list, then watch from the list's resourceVersion with bookmarks and a server timeout
 * drawn from 5–10 minutes; every event (bookmarks too) moves the version on; a clean close
 * re-watches; {@code 410 Gone} re-lists at once (at the last version, then at "" if that is gone
 * too) and the re-list replaces the cache, so objects deleted while disconnected disappear; a
 * {@code 504} "too large resource version" falls back to a fresh list at ""; a {@code 429}
 * re-watches after a back-off; any other failure (a watch ERROR keeps its cause, and a watch
 * that ends without a single event counts too) re-lists after a back-off of 0.8 s doubling to
 * 30 s with ±20% jitter, which starts again from 0.8 s once two minutes passed without a back-off.
 * A watch silent for {@value #SILENCE_LIMIT_MILLIS} ms is presumed dead and re-opened, since the
 * API server sends every watch a bookmark once a minute. Runs on one Vert.x context;
 * {@code onChange} gets every new snapshot.
 */
final class Reflector {

  static final long FIRST_BACKOFF_MILLIS = 800;
  static final long MAX_BACKOFF_MILLIS = 30_000;
  /** client-go's backoff manager starts over after this long without a back-off. */
  static final long BACKOFF_RESET_MILLIS = 120_000;
  /** client-go's minWatchTimeout: each watch asks for a server timeout between this and twice this. */
  static final int MIN_WATCH_TIMEOUT_SECONDS = 300;
  /** The apiserver's watch cache bookmarks every watch once a minute (defaultBookmarkFrequency); 10 s of slack. */
  static final long SILENCE_LIMIT_MILLIS = 70_000;
  /** How often an open watch is checked for silence. */
  static final long SILENCE_CHECK_MILLIS = 5_000;
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
  private long lastBackoffAt = Long.MIN_VALUE / 2;
  private int watchGeneration;
  private int watchEvents;
  private long lastEventAt;
  private Throwable watchError;
  private boolean silent;
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
        Throwable cause = result.cause();
        lastListFailure = cause;
        onListFailure.run();
        if ((ApiFailure.isGone(cause) || ApiFailure.isTooLargeVersion(cause)) && !at.isEmpty()) {
          // client-go's relistResourceVersion: the version is unavailable, so ask for the most recent state.
          list("");
        } else {
          failed("list", cause, () -> list(version));
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
    for (Object item : list.getJsonArray("items", new JsonArray())) {
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
    int generation = ++watchGeneration;
    watchEvents = 0;
    watchError = null;
    silent = false;
    lastEventAt = clock.millis();
    int timeoutSeconds = (int) (MIN_WATCH_TIMEOUT_SECONDS * (1 + random.getAsDouble()));
    source.watch(version, timeoutSeconds, event -> onEvent(generation, event)).onComplete(opened -> {
      if (opened.failed()) {
        watchEnded(generation, opened.mapEmpty());
        return;
      }
      if (stopped || generation != watchGeneration) {
        opened.result().close();
        return;
      }
      watch = opened.result();
      watch.ended().onComplete(ended -> watchEnded(generation, ended));
      if (watchError != null) {
        watch.close();
      }
      clock.later(SILENCE_CHECK_MILLIS, () -> checkSilence(generation));
    });
  }

  /** A half-open connection delivers nothing, not even the minutely bookmark: close it and watch again. */
  private void checkSilence(int generation) {
    if (stopped || generation != watchGeneration || watch == null) {
      return;
    }
    long quiet = clock.millis() - lastEventAt;
    if (quiet < SILENCE_LIMIT_MILLIS) {
      clock.later(SILENCE_CHECK_MILLIS, () -> checkSilence(generation));
      return;
    }
    silent = true;
    lastError = "watch silent for " + quiet + " ms (no bookmark): presumed dead, re-watching";
    LOG.info(() -> kind + " " + lastError);
    watch.close();
  }

  private void onEvent(int generation, JsonObject event) {
    if (stopped || generation != watchGeneration || watchError != null) {
      return;
    }
    lastEventAt = clock.millis();
    String type = event.getString("type", "");
    JsonObject object = event.getJsonObject("object", new JsonObject());
    if ("ERROR".equals(type)) {
      watchError = statusFailure(object);
      if (watch != null) {
        watch.close();
      }
      return;
    }
    watchEvents++;
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

  private void watchEnded(int generation, AsyncResult<Void> ended) {
    if (generation != watchGeneration) {
      return;
    }
    watch = null;
    if (stopped) {
      return;
    }
    Throwable cause = watchError != null ? watchError : ended.cause();
    if (silent) {
      watch();
    } else if (ApiFailure.isGone(cause)) {
      // The version was compacted away: only a fresh list can tell what changed meanwhile.
      list(version);
    } else if (ApiFailure.isTooLargeVersion(cause)) {
      failed("watch", cause, () -> list(""));
    } else if (ApiFailure.isTooManyRequests(cause)) {
      // As client-go: the server sheds load, the version is still good, so only the watch is retried.
      failed("watch", cause, this::watch);
    } else if (cause == null && watchEvents > 0) {
      watch();
    } else {
      failed("watch", cause != null ? cause : new IllegalStateException("watch closed without an event"), () -> list(version));
    }
  }

  private void failed(String what, Throwable cause, Runnable retry) {
    lastError = what + " failed: " + cause.getMessage();
    long now = clock.millis();
    if (now - lastBackoffAt >= BACKOFF_RESET_MILLIS) {
      failures = 0;
    }
    lastBackoffAt = now;
    long delay = backoff(failures++);
    LOG.fine(() -> kind + " " + lastError + "; retrying in " + delay + " ms");
    clock.later(delay, () -> {
      if (!stopped) {
        retry.run();
      }
    });
  }

  /** 0.8 s doubling to 30 s, each ±20%. */
  long backoff(int previousFailures) {
    long base = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(previousFailures, 6));
    return Math.round(base * (0.8 + 0.4 * random.getAsDouble()));
  }

  /** A watch ERROR's Status as a failure: its code, its reason (or the first cause's), its message. */
  static ApiFailure statusFailure(JsonObject status) {
    String reason = status.getString("reason", "");
    JsonArray causes = status.getJsonObject("details", new JsonObject()).getJsonArray("causes", new JsonArray());
    for (Object c : causes) {
      if (c instanceof JsonObject cause && ApiFailure.TOO_LARGE_VERSION.equals(cause.getString("reason"))) {
        reason = ApiFailure.TOO_LARGE_VERSION;
      }
    }
    return new ApiFailure(status.getInteger("code", 500), reason, status.getString("message", ""));
  }

  static String key(JsonObject object) {
    JsonObject metadata = object.getJsonObject("metadata", new JsonObject());
    return metadata.getString("namespace", "") + "/" + metadata.getString("name", "");
  }
}
