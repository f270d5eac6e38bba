package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exchanges' deadlines: on each event loop one list in deadline order and one timer, in real time. */
@ExtendWith(VertxExtension.class)
class DeadlinesTest {

  private Context loop;
  private Deadlines deadlines;
  /** What expired, in order, and how late after its deadline (nanoseconds; never negative). */
  private final List<String> expired = new ArrayList<>();
  private final List<Long> lateness = new ArrayList<>();

  @BeforeEach
  void create(Vertx vertx) {
    loop = vertx.getOrCreateContext();
    deadlines = new Deadlines();
  }

  private <T> T onLoop(Supplier<T> action) {
    return on(loop, action);
  }

  private static <T> T on(Context context, Supplier<T> action) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> done.complete(action.get()));
    return Await.result(done.future());
  }

  /** Adds an entry due {@code millis} from now, which records its name when it expires. */
  private Deadlines.Entry add(String name, long millis) {
    return onLoop(() -> {
      long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      return deadlines.add(due, () -> {
        expired.add(name);
        lateness.add(System.nanoTime() - due);
      });
    });
  }

  private List<String> expired() {
    return onLoop(() -> List.copyOf(expired));
  }

  @Test
  void entriesExpireInDeadlineOrderNeverBeforeTheirDeadline() {
    add("third", 300);
    add("first", 100);
    add("second", 200);

    Await.until("three deadlines passed", () -> expired().size() == 3, () -> expired().toString());
    assertEquals(List.of("first", "second", "third"), expired());
    onLoop(() -> lateness).forEach(late -> assertTrue(late >= 0, "ran " + late + " ns before its deadline"));
  }

  @Test
  void aCancelledEntryNeverRunsAndTheOneAfterItStillDoes() {
    Deadlines.Entry cancelled = add("cancelled", 100);
    add("kept", 200);
    onLoop(() -> {
      cancelled.cancel();
      return null;
    });

    // The timer set for the cancelled entry fires, finds nothing due, and is set again for the next.
    Await.until("the kept deadline passed", () -> expired().contains("kept"), () -> expired().toString());
    assertEquals(List.of("kept"), expired());
  }

  @Test
  void anEarlierDeadlineAddedLaterIsNotHeldBackByTheTimerOfALaterOne() {
    Deadlines.Entry late = add("late", TimeUnit.MINUTES.toMillis(10));
    add("soon", 100);

    Await.until("the earlier deadline passed", () -> expired().contains("soon"), () -> expired().toString());
    assertEquals(List.of("soon"), expired());
    onLoop(() -> {
      late.cancel();
      return null;
    });
  }

  @Test
  void anEntryAddedByAnExpiringOneRunsAtItsOwnDeadline() {
    onLoop(() -> deadlines.add(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50), () -> {
      expired.add("first");
      deadlines.add(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50), () -> expired.add("added by the first"));
    }));

    Await.until("both deadlines passed", () -> expired().size() == 2, () -> expired().toString());
    assertEquals(List.of("first", "added by the first"), expired());
  }

  @Test
  void anExpiringEntryThatThrowsDoesNotStopTheOthers() {
    onLoop(() -> deadlines.add(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50), () -> {
      expired.add("failing");
      throw new IllegalStateException("an exchange that fails when its deadline passes");
    }));
    add("next", 100);

    Await.until("the next deadline passed", () -> expired().contains("next"), () -> expired().toString());
    assertEquals(List.of("failing", "next"), expired());
  }

  @Test
  void eachEventLoopKeepsItsOwnDeadlinesAndRunsThemThere(Vertx vertx) {
    // Two verticle instances: two contexts, on two event loops (Vert.x hands them out in turn).
    List<Context> contexts = new CopyOnWriteArrayList<>();
    Await.result(vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        contexts.add(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(2)));
    List<String> threads = contexts.stream().map(context -> on(context, () -> Thread.currentThread().getName())).toList();
    assertNotEquals(threads.get(0), threads.get(1), "two contexts on two event loops");
    List<String> ranOn = new CopyOnWriteArrayList<>();
    for (Context context : contexts) {
      on(context, () -> deadlines.add(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100),
          () -> ranOn.add(Thread.currentThread().getName())));
    }

    Await.until("both deadlines passed", () -> ranOn.size() == 2, ranOn::toString);
    assertEquals(Set.copyOf(threads), Set.copyOf(ranOn));
  }

  @Test
  void aThreadOffTheEventLoopsMayNotAddOne() {
    assertThrows(IllegalStateException.class, () -> deadlines.add(System.nanoTime(), () -> { }));
  }
}
