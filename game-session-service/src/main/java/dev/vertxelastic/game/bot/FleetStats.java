package dev.vertxelastic.game.bot;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a fleet of bots saw, shared by all of them (they run on several event loops). Latencies
 * count only inside the measurement window: after the warm-up, until {@link #endWindow}.
 */
final class FleetStats {

  final Samples pingRtt = new Samples();
  final Samples frameIntervals = new Samples();
  final LongAdder states = new LongAdder();
  final LongAdder missedTicks = new LongAdder();
  final AtomicInteger welcomed = new AtomicInteger();
  final AtomicInteger connectedNow = new AtomicInteger();
  final AtomicInteger reconnects = new AtomicInteger();
  final AtomicInteger failures = new AtomicInteger();
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> endings = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
  private final long measureFrom;
  private volatile long measureUntil = Long.MAX_VALUE;

  FleetStats(long measureFromNanos) {
    this.measureFrom = measureFromNanos;
  }

  boolean measuring(long nowNanos) {
    return nowNanos >= measureFrom && nowNanos < measureUntil;
  }

  /** Ends the window: what the bots see from now on (while they hang up, say) is not counted. */
  void endWindow(long nowNanos) {
    measureUntil = nowNanos;
  }

  void session(String id) {
    sessions.add(id);
  }

  int sessions() {
    return sessions.size();
  }

  void error(String code) {
    errors.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  void ended(String reason) {
    endings.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  void refused(int status) {
    refusals.computeIfAbsent(Integer.toString(status), s -> new LongAdder()).increment();
  }

  Map<String, Long> errors() {
    return counts(errors);
  }

  Map<String, Long> endings() {
    return counts(endings);
  }

  Map<String, Long> refusals() {
    return counts(refusals);
  }

  private static Map<String, Long> counts(Map<String, LongAdder> adders) {
    Map<String, Long> sorted = new TreeMap<>();
    adders.forEach((k, v) -> sorted.put(k, v.sum()));
    return sorted;
  }
}
