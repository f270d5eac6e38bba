package dev.vertxelastic.gateway.discovery;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
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
    final List<Integer> watchTimeouts = new ArrayList<>();
    final Deque<Future<JsonObject>> lists = new ArrayDeque<>();
    final Deque<Promise<Void>> watchEnds = new ArrayDeque<>();
    final Deque<Future<Void>> watchRefusals = new ArrayDeque<>();
    Handler<JsonObject> events;

    @Override
    public Future<JsonObject> list(String resourceVersion) {
      calls.add("list@" + resourceVersion);
      return lists.isEmpty() ? Future.failedFuture(new ApiFailure(500, "unscripted")) : lists.poll();
    }

    @Override
    public Future<Watch> watch(String resourceVersion, int timeoutSeconds, Handler<JsonObject> handler) {
      calls.add("watch@" + resourceVersion);
      watchTimeouts.add(timeoutSeconds);
      if (!watchRefusals.isEmpty()) {
        return watchRefusals.poll().map(v -> null);
      }
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

    void bookmark(String rv) {
      events.handle(new JsonObject().put("type", "BOOKMARK").put("object", object("", rv)));
    }

    void error(int code, String reason, String message) {
      events.handle(new JsonObject().put("type", "ERROR").put("object", new JsonObject()
          .put("kind", "Status").put("code", code).put("reason", reason).put("message", message)));
    }
  }

  /**
   * Runs timers only when told: {@code fire()} the next back-off, {@code advance(ms)} everything due.
   * Remembers the back-off delays (the silence checks, every {@link Reflector#SILENCE_CHECK_MILLIS}, apart).
   */
  static final class ManualClock implements Clock {
    record Timer(long due, Runnable task, boolean silenceCheck) {
    }

    final List<Long> delays = new ArrayList<>();
    final List<Timer> timers = new ArrayList<>();
    long now = 1_000;

    @Override
    public long millis() {
      return now;
    }

    @Override
    public void later(long delayMillis, Runnable task) {
      boolean silenceCheck = delayMillis == Reflector.SILENCE_CHECK_MILLIS;
      if (!silenceCheck) {
        delays.add(delayMillis);
      }
      timers.add(new Timer(now + delayMillis, task, silenceCheck));
    }

    /** Moves time to the next back-off timer and runs it. */
    void fire() {
      Timer next = timers.stream().filter(t -> !t.silenceCheck).min(Comparator.comparingLong(Timer::due)).orElseThrow();
      timers.remove(next);
      now = Math.max(now, next.due);
      next.task.run();
    }

    /** Moves time on by {@code millis}, running every timer that falls due meanwhile, in order. */
    void advance(long millis) {
      long until = now + millis;
      while (true) {
        Timer next = timers.stream().filter(t -> t.due <= until).min(Comparator.comparingLong(Timer::due)).orElse(null);
        if (next == null) {
          break;
        }
        timers.remove(next);
        now = Math.max(now, next.due);
        next.task.run();
      }
      now = until;
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
  void eventsDoNotResetTheBackOffButTwoQuietMinutesDo() {
    reflector.start();
    clock.fire();
    script.lists.add(listOf("10", "a"));
    clock.fire();
    script.event("MODIFIED", "a", "11");
    script.watchEnds.poll().fail(new IllegalStateException("connection reset"));
    script.lists.add(listOf("12", "a"));
    clock.fire();
    for (int i = 0; i < 5; i++) {
      clock.advance(30_000);
      script.bookmark(String.valueOf(20 + i));
    }
    script.watchEnds.poll().fail(new IllegalStateException("connection reset"));

    assertEquals(List.of(800L, 1600L, 3200L, 800L), clock.delays);
  }

  @Test
  void aWatchErrorOtherThanGoneKeepsItsCauseAndReListsAfterABackOff() {
    script.lists.add(listOf("10", "a"));
    reflector.start();
    script.event("MODIFIED", "a", "11");
    script.error(500, "InternalError", "etcd leader changed");

    assertEquals("watch failed: 500: etcd leader changed", reflector.lastError());
    assertEquals(List.of(800L), clock.delays);
    script.lists.add(listOf("12", "a"));
    clock.fire();
    assertEquals(List.of("list@0", "watch@10", "list@11", "watch@12"), script.calls);
  }

  @Test
  void aListAtAVersionTooLargeForTheServerFallsBackToAFreshList() {
    script.lists.add(listOf("10", "a"));
    reflector.start();
    script.watchEnds.poll().fail(new IllegalStateException("connection reset"));
    script.lists.add(Future.failedFuture(new ApiFailure(504, "Timeout", "Too large resource version: 10, current: 9")));
    script.lists.add(listOf("9", "a"));
    clock.fire();

    assertEquals(List.of("list@0", "watch@10", "list@10", "list@", "watch@9"), script.calls);
  }

  @Test
  void aWatchAtAVersionTooLargeForTheServerBacksOffThenListsAfresh() {
    script.lists.add(listOf("10", "a"));
    reflector.start();
    script.events.handle(new JsonObject().put("type", "ERROR").put("object", new JsonObject().put("code", 504).put("reason", "Timeout")
        .put("message", "Too large resource version: 10, current: 9")
        .put("details", new JsonObject().put("causes", new JsonArray().add(new JsonObject().put("reason", "ResourceVersionTooLarge"))))));
    script.lists.add(listOf("11", "a"));
    clock.fire();

    assertEquals(List.of(800L), clock.delays);
    assertEquals(List.of("list@0", "watch@10", "list@", "watch@11"), script.calls);
  }

  @Test
  void tooManyRequestsReWatchesFromTheSameVersionAfterABackOffWithoutReListing() {
    script.lists.add(listOf("10", "a"));
    reflector.start();
    script.event("MODIFIED", "a", "11");
    script.error(429, "TooManyRequests", "too many requests, please try again later");
    script.watchRefusals.add(Future.failedFuture(new ApiFailure(429, "TooManyRequests", "too many requests")));
    clock.fire();
    clock.fire();

    assertEquals(List.of(800L, 1600L), clock.delays);
    assertEquals(List.of("list@0", "watch@10", "watch@11", "watch@11"), script.calls);
  }

  @Test
  void aWatchWithoutEventsOrBookmarksForSeventySecondsIsReopenedFromTheLastVersion() {
    script.lists.add(listOf("10", "a"));
    reflector.start();
    clock.advance(50_000);
    script.bookmark("12");
    clock.advance(Reflector.SILENCE_LIMIT_MILLIS - 1);
    assertEquals(List.of("list@0", "watch@10"), script.calls);

    clock.advance(Reflector.SILENCE_CHECK_MILLIS);

    assertEquals(List.of("list@0", "watch@10", "watch@12"), script.calls);
    assertTrue(clock.delays.isEmpty());
  }

  @Test
  void eachWatchAsksForAServerTimeoutBetweenFiveAndTenMinutes() {
    List<Integer> timeouts = new ArrayList<>();
    for (double random : new double[] {0.0, 0.5, 0.999}) {
      Script source = new Script();
      source.lists.add(listOf("10"));
      new Reflector("things", source, new ManualClock(), () -> random, s -> { }).start();
      timeouts.addAll(source.watchTimeouts);
    }

    assertEquals(List.of(300, 450, 599), timeouts);
  }
}
