package dev.vertxelastic.platform.logging;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The console handler of {@link OneLineLogging}: records are formatted and written to stderr by a
 * thread of its own, in batches, so a logging call (an access line per request) costs an event loop
 * a queue offer, not a format and a write. When the queue is full (stderr slower than the records
 * come) a record is dropped and counted, and the count is reported in the next batch; once the JVM
 * shuts down, what is queued is written and later records are written at once. A batch is one
 * write of UTF-8 bytes.
 */
public final class BackgroundConsoleHandler extends Handler {

  static final int CAPACITY = 16_384;
  private static final int BATCH = 512;
  /** How long the writer sleeps when nothing is queued: a line reaches stderr at most this late. */
  private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final BlockingQueue<LogRecord> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final PrintStream out;
  private final Object writing = new Object();
  private volatile boolean direct;

  public BackgroundConsoleHandler() {
    this(System.err);
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "console-log-flush"));
  }

  BackgroundConsoleHandler(PrintStream out) {
    this.out = out;
    setLevel(Level.ALL);
    setFormatter(new OneLineFormatter());
    Thread writer = new Thread(this::writeLoop, "console-log-writer");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void publish(LogRecord record) {
    if (!isLoggable(record)) {
      return;
    }
    if (direct) {
      write(List.of(record));
    } else if (!queue.offer(record)) {
      dropped.incrementAndGet();
    }
  }

  private void writeLoop() {
    List<LogRecord> batch = new ArrayList<>(BATCH);
    while (!direct || !queue.isEmpty()) {
      boolean wrote;
      // Taken from the queue and written under one lock: flush() then waits for a batch in flight.
      synchronized (writing) {
        wrote = queue.drainTo(batch, BATCH) > 0;
        if (wrote) {
          write(batch);
          batch.clear();
        }
      }
      if (!wrote) {
        // Polled, not woken: a waiting writer would cost every publisher a futex wake-up.
        LockSupport.parkNanos(IDLE_NANOS);
      }
    }
  }

  private void write(List<LogRecord> records) {
    StringBuilder text = new StringBuilder(records.size() * 256);
    long lost = dropped.getAndSet(0);
    if (lost > 0) {
      LogRecord warning = new LogRecord(Level.WARNING, lost + " log records dropped: stderr is slower than they come");
      warning.setLoggerName(BackgroundConsoleHandler.class.getName());
      text.append(getFormatter().format(warning));
    }
    for (LogRecord record : records) {
      text.append(getFormatter().format(record));
    }
    // One write of the whole batch (PrintStream.print would pass it on in 8 KB pieces, a system call
    // each), in UTF-8 whatever the platform's charset: a container without a locale would print '?'.
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    synchronized (writing) {
      out.write(bytes, 0, bytes.length);
      out.flush();
    }
  }

  /** Writes every queued record now, on the calling thread, after the batch the writer may be writing. */
  @Override
  public void flush() {
    synchronized (writing) {
      List<LogRecord> rest = new ArrayList<>();
      queue.drainTo(rest);
      if (!rest.isEmpty() || dropped.get() > 0) {
        write(rest);
      }
    }
  }

  /** From now on records are written at once, the queued ones first; the writer thread ends. */
  @Override
  public void close() {
    direct = true;
    flush();
  }
}
