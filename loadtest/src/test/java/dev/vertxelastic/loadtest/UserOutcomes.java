package dev.vertxelastic.loadtest;

import io.gatling.javaapi.core.Session;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How the virtual users of each phase ended, counted as they finish: users, users with a failed
 * request or check, and games the server cut ({@code ended} with reason {@code server-shutdown}).
 * Gatling's own assertions decide the run; these counts go into the phase report and the summary.
 */
final class UserOutcomes {

  /** Counts of one phase. */
  record Counts(long users, long failed, long gamesCut) {
  }

  private final ConcurrentMap<String, LongAdder[]> byPhase = new ConcurrentHashMap<>();

  /** Called at the end of a user's scenario. */
  Session finish(Session session) {
    LongAdder[] c = byPhase.computeIfAbsent(session.getString("phase"),
        p -> new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()});
    c[0].increment();
    if (session.isFailed()) {
      c[1].increment();
    }
    if (session.contains("endReason") && "server-shutdown".equals(session.getString("endReason"))) {
      c[2].increment();
    }
    return session;
  }

  Map<String, Counts> byPhase() {
    Map<String, Counts> counts = new TreeMap<>();
    byPhase.forEach((phase, c) -> counts.put(phase, new Counts(c[0].sum(), c[1].sum(), c[2].sum())));
    return counts;
  }

  Counts total() {
    long users = 0;
    long failed = 0;
    long cut = 0;
    for (Counts c : byPhase().values()) {
      users += c.users();
      failed += c.failed();
      cut += c.gamesCut();
    }
    return new Counts(users, failed, cut);
  }
}
