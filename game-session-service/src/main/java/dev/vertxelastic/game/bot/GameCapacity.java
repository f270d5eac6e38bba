package dev.vertxelastic.game.bot;

import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.logging.OneLineLogging;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The game capacity benchmark's bot side: light bots in a process of their own (the server's cost
 * is not mixed with theirs), run after run against one game instance, directly or through a proxy
 * (the gateway, or nginx for reference), searching for the largest number of players that keeps
 * the instance's tick p99 and the clients' state-frame interval p99 within their limits. Each run prints one table row: players
 * and sessions at the instance, tick p50/p99 from its {@code game_tick_duration_seconds}, the
 * state interval p99 as it sent the frames ({@code game_state_interval_seconds}), frame interval
 * and ping RTT p99 at the clients, CPU of the instance, the proxy and the bots (percent
 * of one core, from {@code /proc}), and the machine's load. {@code game-session-service/bench/game-capacity.sh}
 * starts the processes and runs this; the README's Game capacity section tells how.
 */
public final class GameCapacity {

  private final Vertx vertx;
  private final CapacityOptions options;
  private final TokenSource tokens;
  private final ServerProbe probe;

  private GameCapacity(Vertx vertx, CapacityOptions options, TokenSource tokens, ServerProbe probe) {
    this.vertx = vertx;
    this.options = options;
    this.tokens = tokens;
    this.probe = probe;
  }

  /** One run's figures. */
  record Run(int players, FleetReport bots, ServerProbe.Reading from, ServerProbe.Reading to, double load) {
    double tickP50() {
      return to.ticks().since(from.ticks()).percentileMillis(50);
    }

    double tickP99() {
      return to.ticks().since(from.ticks()).percentileMillis(99);
    }

    /** The state frame interval p99 as the instance sent the frames: what the clients see, less their own delays. */
    double sentIntervalP99() {
      return to.stateIntervals().since(from.stateIntervals()).percentileMillis(99);
    }

    boolean keeps(CapacityOptions limits) {
      return to.players() >= players && tickP99() <= limits.tickP99Millis() && bots.intervalP99() <= limits.intervalP99Millis();
    }

    String row(CapacityOptions limits) {
      double[] cpu = ServerProbe.cpuPercent(from, to);
      return String.format(Locale.ROOT, "| %s | %d | %d | %.2f ms | %.2f ms | %.1f ms | %.1f ms | %.1f ms | %d | %.0f %% | %s | %.0f %% | %.1f | %s |",
          limits.label(), to.players(), to.sessions(), tickP50(), tickP99(), sentIntervalP99(), bots.intervalP99(), bots.rttP99(), bots.missedTicks(),
          cpu[0], limits.proxyPid() > 0 ? String.format(Locale.ROOT, "%.0f %%", cpu[1]) : "-", cpu[cpu.length - 1], load,
          keeps(limits) ? "pass" : "FAIL");
    }
  }

  public static void main(String[] args) throws Exception {
    OneLineLogging.install();
    if (System.getenv("LOG_LEVEL") == null) {
      Logger.getLogger("").setLevel(Level.SEVERE);
    }
    CapacityOptions options;
    try {
      options = CapacityOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = BotFleet.vertx();
    try {
      WebClient http = BotFleet.httpClient(vertx, 8);
      List<Long> pids = new ArrayList<>(List.of(options.serverPid()));
      if (options.proxyPid() > 0) {
        pids.add(options.proxyPid());
      }
      pids.add(ProcessHandle.current().pid());
      TokenSource tokens = TokenSource.local(new Tokens(vertx, Tokens.secret(Env.system()), Duration.ofHours(2)));
      GameCapacity capacity = new GameCapacity(vertx, options, tokens, new ServerProbe(vertx, http, options.metrics(), pids));
      int largest = capacity.search();
      System.out.printf(Locale.ROOT, "%s: largest run within tick p99 <= %.0f ms and frame interval p99 <= %.0f ms: %d players%n",
          options.label(), options.tickP99Millis(), options.intervalP99Millis(), largest);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  /** Doubles from {@code --start} while runs pass, then halves the gap to the first failure; returns the largest pass (0 if none). */
  private int search() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.budgetSeconds());
    System.out.printf(Locale.ROOT, "%s: %s, bots in process %d (%d cores visible, %s), %d s measured a run%n", options.label(), options.url(),
        ProcessHandle.current().pid(), Runtime.getRuntime().availableProcessors(), vertx.isNativeTransportEnabled() ? "epoll" : "NIO",
        options.seconds());
    System.out.println("| path | players | sessions | tick p50 | tick p99 | sent interval p99 | frame interval p99 | ping RTT p99 | missed ticks | server CPU | proxy CPU | bots CPU | load (1 min) | limits |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    int passed = 0;
    int failed = -1;
    int players = CapacityOptions.wholeSessions(options.start());
    for (int step = 0; step < options.steps() && System.nanoTime() < deadline; step++) {
      Run run = measure(players);
      System.out.println(run.row(options));
      if (run.keeps(options)) {
        passed = players;
      } else {
        failed = players;
      }
      int next = failed < 0 ? Math.min(options.max(), players * 2) : CapacityOptions.wholeSessions((passed + failed) / 2);
      // Done at the top of the range, or when the gap is within an eighth (and at least a session).
      if (next == players || next <= passed || failed >= 0 && failed - passed <= Math.max(CapacityOptions.SESSION_SIZE, passed / 8)) {
        break;
      }
      players = next;
    }
    return passed;
  }

  private Run measure(int players) throws Exception {
    BotOptions bots = options.bots(players);
    WebClient http = BotFleet.httpClient(vertx, players);
    try {
      BotFleet fleet = new BotFleet(vertx, bots, tokens, http);
      // The server's side spans the bots' window and the lead before it, in which the first reading's stall falls.
      Future<ServerProbe.Reading> from = fleet.aboutToMeasure().compose(v -> probe.read());
      Future<ServerProbe.Reading> to = fleet.windowEnded().compose(v -> probe.read());
      // Scraped every --scrape-s as Prometheus scrapes a pod (the chart's interval: 15 s), from halfway through the
      // warm-up: the first scrape of a loaded instance makes the JIT recompile its write path (about a second at
      // full load), which belongs in the warm-up, not in the measured window.
      long scrapes = vertx.setPeriodic(TimeUnit.SECONDS.toMillis(bots.warmupSeconds()) / 2,
          TimeUnit.SECONDS.toMillis(options.scrapeSeconds()), id -> probe.scrape());
      FleetReport report;
      try {
        report = await(fleet.run(), bots.warmupSeconds() + bots.seconds() + 60);
      } finally {
        vertx.cancelTimer(scrapes);
      }
      Run run = new Run(players, report, await(from, 10), await(to, 10), loadAverage());
      awaitEmptyInstance();
      return run;
    } finally {
      http.close();
    }
  }

  /** The bots have hung up: wait (bounded) until the instance has ended their sessions, so runs do not overlap. */
  private void awaitEmptyInstance() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      ServerProbe.Reading now = await(probe.read(), 10);
      if (now.players() == 0 && now.sessions() == 0) {
        return;
      }
      await(vertx.timer(500), 5);
    }
    System.out.println("(the instance still had sessions 60 s after the bots left; the next run starts anyway)");
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static <T> T await(Future<T> future, long seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }
}
