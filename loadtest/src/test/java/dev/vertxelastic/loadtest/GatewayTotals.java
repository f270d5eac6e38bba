package dev.vertxelastic.loadtest;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running totals over every gateway of a stack: each gateway adds what it counted since its own
 * previous reading, so a gateway scaled away takes nothing back and a new one starts from zero.
 */
final class GatewayTotals {

  private final Map<String, GatewayTraffic> lastTraffic = new HashMap<>();
  private final Map<String, Map<String, Long>> lastServed = new HashMap<>();
  private final Map<String, Long> served = new TreeMap<>();
  private GatewayTraffic traffic = GatewayTraffic.NONE;

  /** One gateway's reading: its traffic and the exchanges it sent to each instance, both cumulative. */
  synchronized void add(String gateway, GatewayTraffic reading, Map<String, Long> servedReading) {
    traffic = traffic.plus(reading.since(lastTraffic.getOrDefault(gateway, GatewayTraffic.NONE)));
    lastTraffic.put(gateway, reading);
    Map<String, Long> before = lastServed.getOrDefault(gateway, Map.of());
    servedReading.forEach((instance, n) -> served.merge(instance, Math.max(0, n - before.getOrDefault(instance, 0L)), Long::sum));
    lastServed.put(gateway, Map.copyOf(servedReading));
  }

  synchronized GatewayTraffic traffic() {
    return traffic;
  }

  synchronized Map<String, Long> served() {
    return new TreeMap<>(served);
  }
}
