package dev.vertxelastic.platform.logging;

import dev.vertxelastic.platform.testing.Await;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackgroundConsoleHandlerTest {

  private static LogRecord record(String message) {
    LogRecord record = new LogRecord(Level.INFO, message);
    record.setLoggerName("access");
    return record;
  }

  private static String text(ByteArrayOutputStream bytes) {
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void writesRecordsInTheOrderTheyCameFromItsOwnThread() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BackgroundConsoleHandler handler = new BackgroundConsoleHandler(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < 100; i++) {
        handler.publish(record("line " + i));
      }
      Await.until("the hundredth line is written", () -> text(bytes).contains("line 99" + System.lineSeparator()));
      String[] lines = text(bytes).split(System.lineSeparator());
      assertEquals(100, lines.length);
      for (int i = 0; i < 100; i++) {
        assertTrue(lines[i].endsWith(" INFO access - line " + i), lines[i]);
      }
    } finally {
      handler.close();
    }
  }

  @Test
  void closeWritesWhatIsQueuedAndLaterRecordsAtOnce() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BackgroundConsoleHandler handler = new BackgroundConsoleHandler(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    handler.publish(record("before close"));
    handler.close();
    assertTrue(text(bytes).contains("before close"), text(bytes));
    handler.publish(record("after close"));
    assertTrue(text(bytes).contains("after close"), text(bytes));
  }

  @Test
  void closeWaitsForTheBatchTheWriterIsWriting() throws InterruptedException {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BackgroundConsoleHandler handler = new BackgroundConsoleHandler(new PrintStream(stalled(bytes, writing, release), true, StandardCharsets.UTF_8));
    Thread closer = new Thread(handler::close, "closer");
    try {
      handler.publish(record("in flight"));
      assertTrue(writing.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS), "the writer never wrote");
      // The writer holds the record, stuck in its write: close() must wait for it, not find an empty queue and return.
      closer.start();
      Await.until("close() to wait or return", () -> closer.getState() == Thread.State.BLOCKED || closer.getState() == Thread.State.TERMINATED);
      assertEquals(Thread.State.BLOCKED, closer.getState(), "close() returned while a record was still being written");
      release.countDown();
      closer.join(Await.DEADLINE.toMillis());
      assertEquals(Thread.State.TERMINATED, closer.getState());
      assertTrue(text(bytes).contains("in flight"), text(bytes));
    } finally {
      release.countDown();
      handler.close();
    }
  }

  /** An output stream whose writes wait for {@code release}, counting down {@code writing} when one begins. */
  private static OutputStream stalled(ByteArrayOutputStream bytes, CountDownLatch writing, CountDownLatch release) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        writing.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        synchronized (bytes) {
          bytes.write(b, off, len);
        }
      }
    };
  }

  @Test
  void aBatchReachesTheStreamInOneWrite() throws InterruptedException {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AtomicInteger writes = new AtomicInteger();
    OutputStream counted = new FilterOutputStream(stalled(bytes, writing, release)) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        writes.incrementAndGet();
        out.write(b, off, len);
      }
    };
    BackgroundConsoleHandler handler = new BackgroundConsoleHandler(new PrintStream(counted, true, StandardCharsets.UTF_8));
    try {
      handler.publish(record("first"));
      assertTrue(writing.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS), "the writer never wrote");
      // While the writer is stuck with the first record, 400 lines (about 20 KB) queue up: one batch.
      for (int i = 0; i < 400; i++) {
        handler.publish(record("queued " + i + " " + "x".repeat(20)));
      }
      release.countDown();
      Await.until("the queued records are written", () -> text(bytes).contains("queued 399 "));
      assertEquals(2, writes.get(), "writes for two batches");
    } finally {
      release.countDown();
      handler.close();
    }
  }

  @Test
  void writesUtf8WhateverTheStreamsCharset() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BackgroundConsoleHandler handler = new BackgroundConsoleHandler(new PrintStream(bytes, true, StandardCharsets.US_ASCII));
    try {
      handler.publish(record("Zo\u00eb joined \u6e38\u620f"));
      Await.until("the line is written", () -> text(bytes).contains(System.lineSeparator()));
      assertTrue(text(bytes).contains("Zo\u00eb joined \u6e38\u620f"), text(bytes));
    } finally {
      handler.close();
    }
  }

  @Test
  void aFullQueueDropsRecordsAndSaysHowMany() throws InterruptedException {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BackgroundConsoleHandler handler = new BackgroundConsoleHandler(new PrintStream(stalled(bytes, writing, release), true, StandardCharsets.UTF_8));
    try {
      handler.publish(record("first"));
      assertTrue(writing.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS), "the writer never wrote");
      // The writer is stuck with the first record: the queue fills up, five more are dropped.
      for (int i = 0; i < BackgroundConsoleHandler.CAPACITY + 5; i++) {
        handler.publish(record("queued " + i));
      }
      release.countDown();
      Await.until("the drop is reported", () -> text(bytes).contains("5 log records dropped"));
      Await.until("the queued records are written", () -> text(bytes).contains("queued " + (BackgroundConsoleHandler.CAPACITY - 1)));
    } finally {
      release.countDown();
      handler.close();
    }
  }
}
