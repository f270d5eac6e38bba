package dev.vertxelastic.platform.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessStartTest {

  /** A stat line of a process named "a (b) c" that started 3,000.25 s after boot (field 22: 300025 ticks). */
  static final String STAT = "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 12 3 0 0 20 0 25 0 300025 3221225472 1000 "
      + "18446744073709551615 1 1 0 0 0 0 0 4096 17 1 0 0 0 0 0\n";

  @Test
  void theStartIsNowLessTheTimeSinceBootPastTheProcessesStartTick() {
    Instant now = Instant.parse("2026-11-30T02:00:00Z");

    assertEquals(now.minusMillis(1_500), ProcessStart.fromProc(STAT, "3001.75 6000.10\n", now));
  }

  @Test
  void aStartAfterNowIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ProcessStart.fromProc(STAT, "2999.00 6000.10\n", Instant.now()));
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void thisProcessStartedJustBeforeItsJvm() {
    Instant jvmStarted = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());

    Instant started = ProcessStart.ofThisProcess().orElseThrow();

    // The launcher runs before the JVM: never after it (give or take a tick of /proc), and on a busy machine up to seconds before.
    Duration launcher = Duration.between(started, jvmStarted);
    assertTrue(launcher.compareTo(Duration.ofMillis(-20)) >= 0 && launcher.compareTo(Duration.ofSeconds(10)) < 0,
        "process started " + started + ", its JVM " + jvmStarted);
  }
}
