package dev.vertxelastic.platform.logging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;

/**
 * java.util.logging set up for containers: one line per record on stderr (written in the background,
 * see {@link BackgroundConsoleHandler}), level from {@code LOG_LEVEL}.
 * Installed by the service mains, or with {@code -Djava.util.logging.config.class=...}.
 */
public final class OneLineLogging {

  public OneLineLogging() {
    String level = System.getenv().getOrDefault("LOG_LEVEL", "INFO");
    String config = String.join("\n",
        // Formatting and writing happen off the calling thread (an event loop writes an access line per request).
        "handlers=" + BackgroundConsoleHandler.class.getName(),
        ".level=" + level,
        "io.netty.level=WARNING",
        "com.zaxxer.level=WARNING",
        "org.flywaydb.level=WARNING",
        // Vert.x registers some HTTP gauges once per server; Micrometer warns about the repeats.
        "io.micrometer.core.instrument.MeterRegistry.level=SEVERE",
        "");
    try {
      LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Installs this configuration unless the JVM was given one. */
  public static void install() {
    if (System.getProperty("java.util.logging.config.class") == null && System.getProperty("java.util.logging.config.file") == null) {
      new OneLineLogging();
    }
  }
}
