package dev.vertxelastic.platform.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * When this process was created (forked: in a container, by the runtime, before it runs the JVM),
 * to time its start-up. On Linux from {@code /proc}: the process's age (its start in clock ticks
 * after boot, against the time since boot), precise to a tick.
 * {@code ProcessHandle.info().startInstant()} adds those ticks to the boot time of
 * {@code /proc/stat}, which is rounded down to a whole second: up to a second too early, the same
 * error for every process of one boot.
 */
final class ProcessStart {

  /** Linux's clock ticks per second as {@code /proc} counts them (USER_HZ: 100 on every architecture the JDK runs on). */
  static final int TICKS_PER_SECOND = 100;

  private ProcessStart() {
  }

  /** This process's start: from {@code /proc} where there is one, else as {@link ProcessHandle} has it. */
  static Optional<Instant> ofThisProcess() {
    try {
      return Optional.of(fromProc(Files.readString(Path.of("/proc/self/stat")), Files.readString(Path.of("/proc/uptime")),
          Instant.now()));
    } catch (IOException | RuntimeException noProc) {
      return ProcessHandle.current().info().startInstant();
    }
  }

  /**
   * The start of the process whose {@code /proc/<pid>/stat} is {@code stat}, given {@code /proc/uptime}
   * read at {@code now}.
   */
  static Instant fromProc(String stat, String uptime, Instant now) {
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    long startTicks = Long.parseLong(afterName[19]);
    double secondsSinceBoot = Double.parseDouble(uptime.trim().split(" ")[0]);
    long ageMillis = Math.round(secondsSinceBoot * 1000) - startTicks * 1000 / TICKS_PER_SECOND;
    if (ageMillis < 0) {
      throw new IllegalArgumentException("a process that starts " + -ageMillis + " ms after now: " + stat);
    }
    return now.minusMillis(ageMillis);
  }
}
