package dev.vertxelastic.loadtest;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * Samples the stack every few seconds during a load run and turns the samples into
 * {@code timeline.csv}, {@code timeline.html} and per-phase figures. Each sample has: the gateway's
 * ready endpoints per route and exchanges served per instance ({@code /admin/routes}), its API
 * traffic ({@code /metrics}), and replicas per component: from the HPAs and pods through
 * {@code kubectl} on a cluster, from the control API on the local stack.
 */
final class ElasticityTimeline {

  /** One sample, {@code t} seconds after the start. */
  record Sample(double t, String phase, Map<String, Integer> ready, Map<String, Long> served,
      GatewayTraffic traffic, Map<String, Replicas> replicas, List<ClusterProbe.Pod> pods, int players) {
  }

  /** Something the run did or saw, {@code t} seconds after the start (a rollout restart, a forced delete). */
  record Event(double t, String what) {
  }

  /** The figures of one phase, from the gateway's point of view. */
  record PhaseStats(Phases.Phase phase, long requests, long serverErrors, double p95Ms, double p99Ms,
      Map<String, Double> share) {
    double perSecond() {
      return requests / Math.max(0.001, phase.seconds());
    }
  }

  private final StackProbe probe;
  private final String managementUrl;
  private final String controlUrl;
  private final ClusterProbe cluster;
  private final Phases phases;
  private final IntSupplier players;
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final GatewayTotals totals = new GatewayTotals();
  private final long start = System.nanoTime();
  private final Instant startedAt = Instant.now();

  /** {@code players}: how many players are in a game now (the load generator's own count). */
  ElasticityTimeline(StackProbe probe, String managementUrl, String controlUrl, ClusterProbe cluster, Phases phases, IntSupplier players) {
    this.probe = probe;
    this.managementUrl = managementUrl;
    this.controlUrl = controlUrl;
    this.cluster = cluster;
    this.phases = phases;
    this.players = players;
  }

  /** Seconds into the run of a wall-clock time (e.g. when the API says a pod became ready). */
  double at(Instant time) {
    return (time.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
  }

  void event(String what) {
    events.add(new Event(now(), what));
    System.out.printf(Locale.ROOT, "[elasticity] %.1f s: %s%n", now(), what);
  }

  List<Event> events() {
    return List.copyOf(events);
  }

  double now() {
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Takes one sample; a failed probe is recorded as a gap, never fails the run by itself. On a
   * cluster every gateway pod is read (each balances on its own) and their counters are summed.
   */
  void sample() {
    try {
      double t = now();
      ClusterProbe.State state = cluster == null ? null : cluster.state();
      Map<String, String> gateways = state == null ? localGatewayUrls() : gatewayUrls(state);
      Map<String, Integer> ready = new TreeMap<>();
      Map<String, Integer> readyInstances = new TreeMap<>();
      Map<String, GatewayTotals.Reading> readings = new TreeMap<>();
      for (Map.Entry<String, String> gateway : gateways.entrySet()) {
        try {
          readings.put(gateway.getKey(), read(gateway.getValue(), ready, readyInstances));
        } catch (IOException e) {
          if (state == null) {
            throw e;
          }
          // A gateway pod that is going away: what it counted before stays in the totals.
        }
      }
      GatewayTotals.Reading total = totals.add(readings);
      if (state == null) {
        readyInstances.merge("gateway", readings.size(), Integer::sum);
      }
      Map<String, Replicas> replicas = state != null ? state.replicas() : replicas(readyInstances);
      samples.add(new Sample(t, phases.at(t), ready, total.served(), total.traffic(), replicas,
          state == null ? List.of() : state.pods(), players.getAsInt()));
    } catch (IOException e) {
      System.err.println("timeline sample skipped: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Adds a sample taken elsewhere (tests). */
  void add(Sample sample) {
    samples.add(sample);
  }

  /** The management URL of every gateway pod that has an address, by pod name (same port as managementUrl). */
  private Map<String, String> gatewayUrls(ClusterProbe.State state) {
    int port = URI.create(managementUrl).getPort();
    Map<String, String> urls = new TreeMap<>();
    state.of("gateway").stream().filter(p -> !p.ip().isEmpty())
        .forEach(p -> urls.put(p.name(), "http://" + p.ip() + ":" + (port < 0 ? 80 : port)));
    return urls;
  }

  /** Every gateway's management URL: the local stack's control API lists them, else the one given. */
  private Map<String, String> localGatewayUrls() throws IOException, InterruptedException {
    Map<String, String> urls = new TreeMap<>();
    if (controlUrl != null) {
      for (JsonNode i : probe.getJson(controlUrl + "/instances").path("instances")) {
        if (i.has("management")) {
          urls.put(i.path("id").asText(), i.path("management").asText());
        }
      }
    }
    if (urls.isEmpty()) {
      urls.put("gateway", managementUrl);
    }
    return urls;
  }

  /** One gateway's routes and traffic; ready endpoints per route and ready instances per component are merged (max) into the maps. */
  private GatewayTotals.Reading read(String url, Map<String, Integer> ready, Map<String, Integer> readyInstances)
      throws IOException, InterruptedException {
    JsonNode routes = probe.getJson(url + "/admin/routes");
    Map<String, Long> served = new TreeMap<>();
    Map<String, Integer> instances = new TreeMap<>();
    for (JsonNode route : routes.path("routes")) {
      int n = 0;
      for (JsonNode e : route.path("endpoints")) {
        String instance = e.path("instance").asText();
        boolean isReady = "ready".equals(e.path("state").asText());
        n += isReady ? 1 : 0;
        if (served.put(instance, e.path("served").asLong()) == null && isReady) {
          instances.merge(component(instance), 1, Integer::sum);
        }
      }
      ready.merge(route.path("route").asText(), n, Math::max);
    }
    instances.forEach((c, n) -> readyInstances.merge(c, n, Math::max));
    return new GatewayTotals.Reading(served, GatewayTraffic.parse(probe.getText(url + "/metrics")));
  }

  /** On the local stack: the instances the control API runs. */
  private Map<String, Replicas> replicas(Map<String, Integer> readyInstances) throws IOException, InterruptedException {
    Map<String, Replicas> replicas = new TreeMap<>();
    if (controlUrl != null) {
      Map<String, Integer> running = new TreeMap<>();
      for (JsonNode i : probe.getJson(controlUrl + "/instances").path("instances")) {
        running.merge(component(i.path("id").asText()), 1, Integer::sum);
      }
      running.forEach((c, n) -> replicas.put(c, new Replicas(n, n, 0, readyInstances.getOrDefault(c, 0))));
    }
    return replicas;
  }

  /** {@code edu-2} and {@code demo-vertx-elastic-edu-7d9f-x2x} both belong to {@code edu}. */
  static String component(String instance) {
    for (String c : List.of("gateway", "edu", "game")) {
      if (instance.startsWith(c + "-") || instance.contains("-" + c + "-")) {
        return c;
      }
    }
    return instance;
  }

  /** When replicas were first seen above their starting count (any component), or -1. */
  double firstScaleUp() {
    Map<String, Integer> initial = new TreeMap<>();
    for (Sample s : samples) {
      for (Map.Entry<String, Replicas> r : s.replicas().entrySet()) {
        if (r.getValue().current() > initial.computeIfAbsent(r.getKey(), k -> r.getValue().current())) {
          return s.t();
        }
      }
    }
    return -1;
  }

  /** When replicas were first seen below their peak so far (any component) after {@code t}, or -1. */
  double firstScaleDownAfter(double t) {
    Map<String, Integer> peak = new TreeMap<>();
    for (Sample s : samples) {
      for (Map.Entry<String, Replicas> r : s.replicas().entrySet()) {
        int most = peak.merge(r.getKey(), r.getValue().current(), Math::max);
        if (s.t() > t && r.getValue().current() < most) {
          return s.t();
        }
      }
    }
    return -1;
  }

  List<Sample> samples() {
    return List.copyOf(samples);
  }

  Phases phases() {
    return phases;
  }

  /** Per-phase figures: traffic between the samples nearest the phase's bounds. */
  List<PhaseStats> phaseStats() {
    return phases.all().stream().filter(p -> !samples.isEmpty()).map(p -> {
      Sample a = nearest(p.from());
      Sample b = nearest(p.to());
      GatewayTraffic t = b.traffic().since(a.traffic());
      return new PhaseStats(p, t.requests(), t.serverErrors(), t.quantileMillis(0.95), t.quantileMillis(0.99), share(a, b));
    }).toList();
  }

  /** Share of the exchanges each instance served between two times, within its component. */
  Map<String, Double> share(double from, double to) {
    return samples.isEmpty() ? Map.of() : share(nearest(from), nearest(to));
  }

  private static Map<String, Double> share(Sample a, Sample b) {
    Map<String, Long> served = new TreeMap<>();
    Map<String, Long> perComponent = new TreeMap<>();
    b.served().forEach((instance, n) -> {
      long d = Math.max(0, n - a.served().getOrDefault(instance, 0L));
      served.put(instance, d);
      perComponent.merge(component(instance), d, Long::sum);
    });
    Map<String, Double> share = new TreeMap<>();
    served.forEach((instance, n) -> {
      long total = perComponent.get(component(instance));
      share.put(instance, total == 0 ? 0 : n / (double) total);
    });
    return share;
  }

  Sample nearest(double t) {
    Sample best = samples.get(0);
    for (Sample s : samples) {
      if (Math.abs(s.t() - t) < Math.abs(best.t() - t)) {
        best = s;
      }
    }
    return best;
  }

  /** Requests per second and p99 (ms) at sample {@code i}, over the window since {@code windowSeconds} before. */
  double[] loadAt(int i, double windowSeconds) {
    Sample s = samples.get(i);
    int j = i;
    while (j > 0 && s.t() - samples.get(j - 1).t() <= windowSeconds + 0.5) {
      j--;
    }
    if (j == i) {
      return new double[] {0, Double.NaN};
    }
    Sample a = samples.get(j);
    GatewayTraffic t = s.traffic().since(a.traffic());
    return new double[] {t.requests() / (s.t() - a.t()), t.quantileMillis(0.99)};
  }

  /** Exchanges per second an instance served at sample {@code i} (since the previous sample). */
  double servedRate(int i, String instance) {
    if (i == 0 || !samples.get(i).served().containsKey(instance)) {
      return 0;
    }
    Sample s = samples.get(i);
    Sample p = samples.get(i - 1);
    long n = s.served().get(instance) - p.served().getOrDefault(instance, s.served().get(instance));
    return Math.max(0, n) / Math.max(0.001, s.t() - p.t());
  }

  TreeSet<String> routes() {
    TreeSet<String> routes = new TreeSet<>();
    samples.forEach(s -> routes.addAll(s.ready().keySet()));
    return routes;
  }

  TreeSet<String> instances() {
    TreeSet<String> ids = new TreeSet<>();
    samples.forEach(s -> ids.addAll(s.served().keySet()));
    return ids;
  }

  TreeSet<String> components() {
    TreeSet<String> c = new TreeSet<>();
    samples.forEach(s -> c.addAll(s.replicas().keySet()));
    return c;
  }

  void write(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("timeline.csv"), csv());
      StringBuilder lines = new StringBuilder("seconds,event\n");
      events.forEach(ev -> lines.append(String.format(Locale.ROOT, "%.1f,\"%s\"%n", ev.t(), ev.what().replace("\"", "'"))));
      Files.writeString(dir.resolve("events.csv"), lines.toString());
      Files.writeString(dir.resolve("timeline.html"), new TimelineChart(this).html());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String csv() {
    TreeSet<String> components = components();
    TreeSet<String> routes = routes();
    TreeSet<String> instances = instances();
    StringBuilder b = new StringBuilder("seconds,phase,requests_per_second,p99_ms_5s,server_errors_total,players");
    components.forEach(c -> b.append(',').append(c).append("_current,").append(c).append("_desired,").append(c).append("_ready"));
    routes.forEach(r -> b.append(",ready_").append(r));
    instances.forEach(i -> b.append(",served_per_second_").append(i));
    b.append('\n');
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      double[] load = loadAt(i, 5);
      b.append(String.format(Locale.ROOT, "%.1f,%s,%.1f,%s,%d,%d", s.t(), s.phase(), load[0],
          Double.isNaN(load[1]) ? "" : String.format(Locale.ROOT, "%.0f", load[1]), s.traffic().serverErrors(), s.players()));
      for (String c : components) {
        Replicas r = s.replicas().get(c);
        b.append(r == null ? ",,," : "," + r.current() + "," + r.desired() + "," + r.ready());
      }
      routes.forEach(r -> b.append(',').append(s.ready().getOrDefault(r, 0)));
      for (String instance : instances) {
        b.append(String.format(Locale.ROOT, ",%.1f", servedRate(i, instance)));
      }
      b.append('\n');
    }
    return b.toString();
  }
}
