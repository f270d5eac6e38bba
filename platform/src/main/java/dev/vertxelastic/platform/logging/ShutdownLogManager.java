package dev.vertxelastic.platform.logging;

import java.util.logging.LogManager;

/**
 * A {@link LogManager} that keeps logging while the process shuts down. The JDK's own shutdown
 * hook ("Logging-Cleaner") resets logging at once, concurrently with the graceful-stop hook, so
 * everything a drain logs after SIGTERM would be lost; this manager ignores that one reset.
 * Installed by {@code ServiceRuntime.main} through {@code java.util.logging.manager}.
 */
public final class ShutdownLogManager extends LogManager {

  private static final String JDK_CLEANER_THREAD = "Logging-Cleaner";

  @Override
  public void reset() {
    if (!JDK_CLEANER_THREAD.equals(Thread.currentThread().getName())) {
      super.reset();
    }
  }
}
