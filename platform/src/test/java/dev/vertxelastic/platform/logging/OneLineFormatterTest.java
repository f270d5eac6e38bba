package dev.vertxelastic.platform.logging;

import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OneLineFormatterTest {

  /** The format OneLineLogging gave SimpleFormatter before: logs keep their shape. */
  private static final String FORMAT = "%1$tFT%1$tT.%1$tLZ %4$s %3$s - %5$s%6$s%n";

  private static String simple(LogRecord record) {
    String prior = System.getProperty("java.util.logging.SimpleFormatter.format");
    System.setProperty("java.util.logging.SimpleFormatter.format", FORMAT);
    try {
      return new SimpleFormatter().format(record);
    } finally {
      if (prior == null) {
        System.clearProperty("java.util.logging.SimpleFormatter.format");
      } else {
        System.setProperty("java.util.logging.SimpleFormatter.format", prior);
      }
    }
  }

  @Test
  void writesTheLineSimpleFormatterWrote() {
    LogRecord record = new LogRecord(Level.WARNING, "upstream {0} is slow");
    record.setParameters(new Object[] {"edu"});
    record.setLoggerName("dev.vertxelastic.gateway.routing.UpstreamProxy");
    assertEquals(simple(record), new OneLineFormatter().format(record));
  }

  @Test
  void addsTheStackTraceOfAThrowableAsSimpleFormatterDid() {
    LogRecord record = new LogRecord(Level.SEVERE, "start failed");
    record.setLoggerName("dev.vertxelastic.platform.runtime.ServiceRuntime");
    record.setThrown(new IllegalStateException("no database"));
    assertEquals(simple(record), new OneLineFormatter().format(record));
  }
}
