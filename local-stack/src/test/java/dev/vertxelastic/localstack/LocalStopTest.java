package dev.vertxelastic.localstack;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How signals and the parent's exit end the local stack's process; the stop and the exits are recorded, not carried out. */
class LocalStopTest {

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final Promise<Void> stopped = Promise.promise();
  private final AtomicInteger stops = new AtomicInteger();
  private final CompletableFuture<Integer> exited = new CompletableFuture<>();
  private final CompletableFuture<Integer> halted = new CompletableFuture<>();

  private LocalStop localStop(Duration bound) {
    return new LocalStop(() -> {
      stops.incrementAndGet();
      return stopped.future();
    }, bound, exited::complete, halted::complete, new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  private String printed() {
    synchronized (printed) {
      return printed.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void theParentsExitDuringAStopThatCtrlCBeganDoesNotCutItShort() throws Exception {
    LocalStop stop = localStop(Duration.ofSeconds(5));
    stop.signalled("SIGINT");
    // A terminal's Ctrl-C reaches Maven, the parent, too: it exits at once, while the stack drains.
    stop.parentExited(4242);
    assertFalse(halted.isDone(), "the parent's exit stopped the stack at once");
    stopped.complete();
    assertEquals(0, exited.get(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    assertFalse(halted.isDone());
    assertEquals(1, stops.get());
    assertTrue(printed().contains("Stopping the local stack (SIGINT)"), printed());
    assertTrue(printed().contains("Stopped in "), printed());
  }

  @Test
  void aSecondSignalStopsAtOnce() {
    LocalStop stop = localStop(Duration.ofSeconds(5));
    stop.signalled("SIGINT");
    stop.signalled("SIGTERM");
    assertEquals(130, halted.getNow(null));
    assertTrue(printed().contains("Stopping at once."), printed());
    assertFalse(exited.isDone());
  }

  @Test
  void theParentsExitAloneStopsGracefullyAndCtrlCThenStopsAtOnce() {
    LocalStop stop = localStop(Duration.ofSeconds(5));
    stop.parentExited(4242);
    Await.until("the stop to begin", () -> printed().contains("Stopping the local stack (the parent process (4242) exited)"));
    assertFalse(halted.isDone());
    stop.signalled("SIGINT");
    assertEquals(130, halted.getNow(null));
  }

  @Test
  void aStopThatOutlastsItsBoundExitsWithOne() throws Exception {
    LocalStop stop = localStop(Duration.ofMillis(100));
    stop.signalled("SIGTERM");
    assertEquals(1, exited.get(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    assertTrue(printed().contains("did not stop within"), printed());
  }
}
