package dev.vertxelastic.gateway.discovery;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reflector driven by a scripted source and a hand-turned clock. */
class ReflectorTest {

  /** Answers lists and watches from scripts, and records every call as {@code list@rv} or {@code watch@rv}. */
  static final class Script implements ListWatch {
    final List<String> calls = new ArrayList<>();
    final Deque<Future<JsonObject>> lists = new ArrayDeque<>();
    final Deque<Promise<Void>> watchEnds = new ArrayDeque<>();
    Handler<JsonObject> events;

    @Override
    public Future<JsonObject> list(String resourceVersion) {
      calls.add("list@" + resourceVersion);
      return lists.isEmpty() ? Future.failedFuture(new ApiFailure(500, "unscripted")) : lists.poll();
    }

    @Override
    public Future<Watch> watch(String resourceVersion, Handler<JsonObject> handler) {
      calls.add("watch@" + resourceVersion);
      events = handler;
      Promise<Void> ended = Promise.promise();
      watchEnds.add(ended);
      return Future.succeededFuture(new Watch() {
        @Override
        public Future<Void> ended() {
          return ended.future();
        }

        @Override
        public void close() {
          ended.tryComplete();
        }
      });
    }

    void event(String type, String name, String rv) {
      events.handle(new JsonObject().put("type", type).put("object", object(name, rv)));
    }
  }

  /** Runs timers only when told, and remembers their delays. */
  static final class ManualClock implements Clock {
    final List<Long> delays = new ArrayList<>();
    final Deque<Runnable> due = new ArrayDeque<>();
    long now = 1_000;

    @Override
    public long millis() {
      return now;
    }

    @Override
    public void later(long delayMillis, Runnable task) {
      delays.add(delayMillis);
      due.add(task);
    }

    void fire() {
      due.poll().run();
    }
  }

  static JsonObject object(String name, String rv) {
    return new JsonObject().put("metadata", new JsonObject().put("name", name).put("namespace", "test").put("resourceVersion", rv));
  }

  static Future<JsonObject> listOf(String rv, String... names) {
    JsonArray items = new JsonArray();
    for (String name : names) {
      items.add(object(name, rv));
    }
    return Future.succeededFuture(new JsonObject().put("metadata", new JsonObject().put("resourceVersion", rv)).put("items", items));
  }

  final Script script = new Script();
  final ManualClock clock = new ManualClock();
  final List<Set<String>> snapshots = new ArrayList<>();
  final Reflector reflector = new Reflector("things", script, clock, () -> 0.5,
      snapshot -> snapshots.add(Set.copyOf(snapshot.keySet())));

  static Set<String> keys(Map<String, JsonObject> cache) {
    return cache.keySet();
  }

  @Test
  void listsFromVersionZeroThenWatchesFromTheListsVersionAndFollowsEvents() {
    script.lists.add(listOf("10", "a"));
    reflector.start();
    script.event("ADDED", "b", "11");
    script.event("DELETED", "a", "12");
    script.events.handle(new JsonObject().put("type", "BOOKMARK").put("object", object("", "15")));

    assertEquals(List.of("list@0", "watch@10"), script.calls);
    assertEquals(Set.of("test/b"), keys(reflector.snapshot()));
    assertEquals("15", reflector.version());
    assertTrue(reflector.synced());
  }

  @Test
  void aCleanCloseAfterEventsReWatchesFromTheLastVersionWithoutBackOff() {
    script.lists.add(listOf("10", "a"));
    reflector.start();
    script.event("MODIFIED", "a", "11");
    script.watchEnds.poll().complete();

    assertEquals(List.of("list@0", "watch@10", "watch@11"), script.calls);
    assertTrue(clock.delays.isEmpty());
  }

  @Test
  void anErrorGoneReListsAtOnceAtTheLastVersionThenFromScratchAndDropsWhatVanished() {
    script.lists.add(listOf("10", "a", "b"));
    reflector.start();
    script.event("MODIFIED", "a", "11");
    script.lists.add(Future.failedFuture(new ApiFailure(410, "too old resource version")));
    script.lists.add(listOf("20", "a"));
    script.events.handle(new JsonObject().put("type", "ERROR").put("object", new JsonObject().put("code", 410).put("message", "too old")));

    assertEquals(List.of("list@0", "watch@10", "list@11", "list@", "watch@20"), script.calls);
    assertEquals(Set.of("test/a"), keys(reflector.snapshot()));
    assertTrue(clock.delays.isEmpty());
  }

  @Test
  void failuresBackOffFromEightHundredMillisDoublingToThirtySeconds() {
    reflector.start();
    for (int i = 0; i < 7; i++) {
      clock.fire();
    }

    assertEquals(List.of(800L, 1600L, 3200L, 6400L, 12800L, 25600L, 30000L, 30000L), clock.delays);
  }

  @Test
  void aWatchThatClosesAtOnceWithoutEventsCountsAsAFailure() {
    script.lists.add(listOf("10", "a"));
    reflector.start();
    script.watchEnds.poll().complete();

    assertEquals(List.of(800L), clock.delays);
    script.lists.add(listOf("12", "a"));
    clock.fire();
    assertEquals(List.of("list@0", "watch@10", "list@10", "watch@12"), script.calls);
  }

  @Test
  void aReListAfterAnOutageRemovesObjectsDeletedMeanwhile() {
    script.lists.add(listOf("10", "a", "b"));
    reflector.start();
    script.watchEnds.poll().fail(new IllegalStateException("connection reset"));
    script.lists.add(listOf("30", "b"));
    clock.fire();

    assertEquals(Set.of("test/b"), keys(reflector.snapshot()));
    assertEquals(List.of(Set.of("test/a", "test/b"), Set.of("test/b")), snapshots);
  }

  @Test
  void aWatchThatDeliversResetsTheBackOff() {
    reflector.start();
    clock.fire();
    script.lists.add(listOf("10", "a"));
    clock.fire();
    script.event("MODIFIED", "a", "11");
    script.watchEnds.poll().fail(new IllegalStateException("connection reset"));

    assertEquals(List.of(800L, 1600L, 800L), clock.delays);
  }
}
