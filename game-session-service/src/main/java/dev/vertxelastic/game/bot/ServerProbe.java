package dev.vertxelastic.game.bot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a capacity run reads from the server side at the start and the end of a window: the game
 * instance's {@code /metrics} (tick and state interval histograms, players, sessions) and the CPU
 * time of the server processes (the instance, and the gateway when there is one) from
 * {@code /proc/<pid>/stat}. A reading asks {@code /metrics} for those four families only (7 KB rather
 * than 83; collecting them costs the instance about as much as a full scrape, see
 * {@link BotFleet#aboutToMeasure} for why the first reading comes before the window).
 */
final class ServerProbe {

  /** One reading. {@code cpuNanos} has one entry per watched process, in the order given. */
  record Reading(long atNanos, ScrapedHistogram ticks, ScrapedHistogram stateIntervals, int players, int sessions, long[] cpuNanos) {
  }

  private static final String PLAYERS = "game_players_connected";
  private static final String SESSIONS = "game_sessions_active";
  private static final String READING_URI = "/metrics?" + Stream.of(ScrapedHistogram.TICK_DURATION,
      ScrapedHistogram.STATE_INTERVAL, PLAYERS, SESSIONS).map(name -> "name%5B%5D=" + name).collect(Collectors.joining("&"));
  // USER_HZ: the unit of utime and stime in /proc/<pid>/stat, 100 on every Linux build that matters.
  private static final long NANOS_PER_CLOCK_TICK = 10_000_000L;
  private final Vertx vertx;
  private final WebClient http;
  private final Endpoint metrics;
  private final List<Long> pids;

  ServerProbe(Vertx vertx, WebClient http, Endpoint metrics, List<Long> pids) {
    this.vertx = vertx;
    this.http = http;
    this.metrics = metrics;
    this.pids = pids;
  }

  /** The instance's whole {@code /metrics} text, as a Prometheus scrape reads it. */
  Future<String> scrape() {
    return get("/metrics");
  }

  private Future<String> get(String uri) {
    return http.get(metrics.port(), metrics.host(), uri).ssl(metrics.ssl()).send()
        .compose(r -> r.statusCode() == 200 ? Future.succeededFuture(r.bodyAsString())
            : Future.failedFuture("GET " + uri + ": HTTP " + r.statusCode()));
  }

  Future<Reading> read() {
    Future<String> scrape = get(READING_URI);
    Future<long[]> cpu = vertx.executeBlocking(this::cpuNanos, false);
    return Future.all(scrape, cpu).map(all -> {
      String text = scrape.result();
      return new Reading(System.nanoTime(), ScrapedHistogram.parse(text, ScrapedHistogram.TICK_DURATION),
          ScrapedHistogram.parse(text, ScrapedHistogram.STATE_INTERVAL), (int) gauge(text, PLAYERS),
          (int) gauge(text, SESSIONS), cpu.result());
    });
  }

  /** CPU used between two readings, in percent of one core, per watched process. */
  static double[] cpuPercent(Reading from, Reading to) {
    double wall = to.atNanos() - from.atNanos();
    double[] percent = new double[from.cpuNanos().length];
    for (int i = 0; i < percent.length; i++) {
      percent[i] = (to.cpuNanos()[i] - from.cpuNanos()[i]) / wall * 100;
    }
    return percent;
  }

  private long[] cpuNanos() throws IOException {
    long[] nanos = new long[pids.size()];
    for (int i = 0; i < nanos.length; i++) {
      String stat = Files.readString(Path.of("/proc", Long.toString(pids.get(i)), "stat"));
      // Fields after the command name (which may hold spaces, hence the last ')'): state is field 3, utime 14, stime 15.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      nanos[i] = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_CLOCK_TICK;
    }
    return nanos;
  }

  /** The value of an untagged (or singly tagged) gauge in a scrape, 0 when absent. */
  private static double gauge(String scrape, String name) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }
}
