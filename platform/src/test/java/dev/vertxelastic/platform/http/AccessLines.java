package dev.vertxelastic.platform.http;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures the JSON lines of the {@code access} logger while open (tests). */
public final class AccessLines extends Handler implements AutoCloseable {

  // Held strongly: java.util.logging keeps loggers only weakly.
  private final Logger logger = Logger.getLogger("access");
  private final List<JsonObject> lines = new ArrayList<>();

  private AccessLines() {
  }

  public static AccessLines capture() {
    AccessLines lines = new AccessLines();
    lines.logger.addHandler(lines);
    return lines;
  }

  @Override
  public synchronized void publish(LogRecord record) {
    lines.add(new JsonObject(record.getMessage()));
    notifyAll();
  }

  /** The first line matching {@code test}, waiting up to {@code millis} for it (the line is written once the response has ended). */
  public synchronized JsonObject await(Predicate<JsonObject> test, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (true) {
      for (JsonObject line : lines) {
        if (test.test(line)) {
          return line;
        }
      }
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new AssertionError("no access line matched within " + millis + " ms; lines: " + lines);
      }
      wait(left);
    }
  }

  public synchronized List<JsonObject> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
