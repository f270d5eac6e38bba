package dev.vertxelastic.loadtest;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counters of several gateway pods summed into counters that never go back: at each reading a
 * pod adds what it counted since its previous reading (a new pod from zero), and a pod that goes
 * away keeps what it added. Every gateway pod balances on its own, so one pod's view is not the run's.
 */
final class GatewayTotals {

  /** One reading: exchanges served per upstream instance and the public API traffic. */
  record Reading(Map<String, Long> served, GatewayTraffic traffic) {
    static final Reading NONE = new Reading(Map.of(), GatewayTraffic.NONE);
  }

  private final Map<String, Reading> last = new HashMap<>();
  private final Map<String, Long> served = new TreeMap<>();
  private GatewayTraffic traffic = GatewayTraffic.NONE;

  /** Adds the readings of the pods read now (by pod name) and returns the totals so far. */
  synchronized Reading add(Map<String, Reading> byPod) {
    byPod.forEach((pod, now) -> {
      Reading before = last.getOrDefault(pod, Reading.NONE);
      Reading base = now.traffic().requests() < before.traffic().requests() ? Reading.NONE : before;
      traffic = traffic.plus(now.traffic().since(base.traffic()));
      now.served().forEach((instance, n) -> served.merge(instance, Math.max(0, n - base.served().getOrDefault(instance, 0L)), Long::sum));
      last.put(pod, now);
    });
    return new Reading(new TreeMap<>(served), traffic);
  }
}
