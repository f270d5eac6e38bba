package dev.vertxelastic.game.bot;

import dev.vertxelastic.game.GameSessionVerticle;
import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.logging.OneLineLogging;
import dev.vertxelastic.platform.metrics.Metrics;
import dev.vertxelastic.platform.runtime.HttpServiceVerticle;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A benchmark, not a test: starts one game instance in this JVM (port 0, a fresh JWT secret),
 * runs N bots against it, and prints players, sessions, the instance's own tick duration
 * percentiles, ping round trips and frame-interval jitter, plus a markdown table row.
 *
 * <pre>
 * java -cp game-session-service/target/game-session-service-0.1.0-SNAPSHOT-fat.jar \
 *   dev.vertxelastic.game.bot.GameBenchmark --bots 50 --seconds 20
 * </pre>
 *
 * The instance takes its other settings ({@code GAME_MAX_PLAYERS}, ...) from the environment.
 * Bots and server share the machine's cores, so figures are an upper bound on the server's cost.
 */
public final class GameBenchmark {

  private static final String INSTANCE = "bench";

  private GameBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    OneLineLogging.install();
    if (System.getenv("LOG_LEVEL") == null) {
      Logger.getLogger("").setLevel(Level.WARNING);
    }
    BotOptions options;
    try {
      options = BotOptions.parse(args, "http://127.0.0.1:1");
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    String secret = randomSecret();
    Env env = Env.system().with(Map.of("HTTP_PORT", "0", "INSTANCE_ID", INSTANCE, "JWT_SECRET", secret,
        // No match ends inside the window; at the end the bots hang up for good, so their seats
        // need not wait for a reconnect and the stop need not wait for a match.
        "GAME_MATCH_SECONDS", Integer.toString(Math.max(120, options.warmupSeconds() + options.seconds() + 60)),
        "GAME_RECONNECT_GRACE", "0ms",
        "GAME_DRAIN_DEADLINE", "1s"));
    ServiceRuntime<GameSessionVerticle> server = await(ServiceRuntime.start(env, GameSessionVerticle::new), 60);
    Timer ticks = tickTimer();
    Vertx vertx = Vertx.vertx();
    try {
      options = options.withUrl(new Endpoint("127.0.0.1", server.verticle().actualPort(), false));
      WebClient http = BotFleet.httpClient(vertx, options.bots());
      TokenSource tokens = TokenSource.local(new Tokens(vertx, secret, Duration.ofHours(1)));
      BotFleet fleet = new BotFleet(vertx, options, tokens, http);
      Window window = new Window(server, ticks);
      fleet.measuring().onSuccess(v -> window.begin());
      fleet.windowEnded().onSuccess(v -> window.end());
      System.out.printf(Locale.ROOT, "game benchmark: %d bots, %d s warm-up, %d s measured, %d cores%n",
          options.bots(), options.warmupSeconds(), options.seconds(), Runtime.getRuntime().availableProcessors());
      FleetReport report = await(fleet.run(), options.warmupSeconds() + options.seconds() + 60);
      System.out.println(report.summary());
      System.out.println(window.summary());
      System.out.println();
      System.out.println("| bots | players | sessions | tick p50 | tick p99 | ping RTT p50 | ping RTT p99 | frame interval p50 | frame interval p99 | jitter (stddev) | CPU |");
      System.out.println(window.row(report));
    } finally {
      await(vertx.close(), 10);
      await(server.stop(), 30);
    }
  }

  /** What the instance itself recorded during the measured window. */
  private static final class Window {
    private final ServiceRuntime<GameSessionVerticle> server;
    private final Timer ticks;
    private final AtomicReference<TickHistogram> start = new AtomicReference<>();
    private final AtomicReference<TickHistogram> measured = new AtomicReference<>();
    private volatile long cpuStart;
    private volatile long wallStart;
    private volatile double cpuShare = Double.NaN;
    private volatile int players;
    private volatile int sessions;

    Window(ServiceRuntime<GameSessionVerticle> server, Timer ticks) {
      this.server = server;
      this.ticks = ticks;
    }

    void begin() {
      start.set(TickHistogram.of(ticks));
      cpuStart = processCpuNanos();
      wallStart = System.nanoTime();
    }

    void end() {
      measured.set(TickHistogram.of(ticks).since(start.get()));
      long wall = System.nanoTime() - wallStart;
      cpuShare = (processCpuNanos() - cpuStart) / (double) wall / Runtime.getRuntime().availableProcessors();
      players = server.verticle().sessions().playersConnected();
      sessions = server.verticle().sessions().activeCount();
    }

    String summary() {
      TickHistogram window = measured.get();
      return String.join("\n",
          String.format(Locale.ROOT, "  %-18s %d players connected in %d sessions", "instance", players, sessions),
          String.format(Locale.ROOT, "  %-18s p50 %.3f ms, p99 %.3f ms (%d ticks, from game_tick_duration_seconds)", "tick duration",
              window.percentileMillis(50), window.percentileMillis(99), window.count()),
          String.format(Locale.ROOT, "  %-18s %.0f%% of all cores (server and bots in one JVM)", "process CPU", cpuShare * 100));
    }

    String row(FleetReport r) {
      TickHistogram window = measured.get();
      return String.format(Locale.ROOT,
          "| %d | %d | %d | %.3f ms | %.3f ms | %.2f ms | %.2f ms | %.1f ms | %.1f ms | %.2f ms | %.0f%% |",
          r.bots(), players, sessions, window.percentileMillis(50), window.percentileMillis(99), r.rttP50(), r.rttP99(),
          r.intervalP50(), r.intervalP99(), r.jitter(), cpuShare * 100);
    }
  }

  private static Timer tickTimer() {
    MeterRegistry registry = Metrics.registry(HttpServiceVerticle.registryName(GameSessionVerticle.SERVICE_NAME, INSTANCE));
    return registry.get("game.tick.duration").timer();
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static String randomSecret() {
    byte[] bytes = new byte[48];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static <T> T await(Future<T> future, long seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }
}
