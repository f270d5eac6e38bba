package dev.vertxelastic.game.bot;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * N bots against one endpoint: started {@code --ramp-ms} apart, playing through the warm-up and
 * the measured seconds, then stopped. The report covers the measured window only.
 */
final class BotFleet {

  /** How long before the window the server's side of it is read (see {@link #aboutToMeasure}). */
  static final long READING_LEAD_MILLIS = 2_000;
  private final Vertx vertx;
  private final BotOptions options;
  private final TokenSource tokens;
  private final WebClient http;
  private final WebSocketClient ws;
  private final Promise<Void> aboutToMeasure = Promise.promise();
  private final Promise<Void> windowEnded = Promise.promise();

  BotFleet(Vertx vertx, BotOptions options, TokenSource tokens, WebClient http) {
    this.vertx = vertx;
    this.options = options;
    this.tokens = tokens;
    this.http = http;
    this.ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(options.bots() + 16)
        .setConnectTimeout(10_000));
  }

  /** The bots' Vert.x: Netty's epoll transport where it loads, as the services use (fewer system calls and copies per frame). */
  static Vertx vertx() {
    return Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
  }

  /** An HTTP client sized for {@code bots} bots matching at once. */
  static WebClient httpClient(Vertx vertx, int bots) {
    return WebClient.create(vertx, new WebClientOptions().setConnectTimeout(10_000).setUserAgent("vertx-elastic-bot"),
        new PoolOptions().setHttp1MaxSize(Math.min(64, Math.max(8, bots / 4))));
  }

  /**
   * Completes {@link #READING_LEAD_MILLIS} before measuring begins: a reading of the server (a scrape) is a
   * burst of work on its core, and taken at the window's first instant its stall would be counted in the window.
   */
  Future<Void> aboutToMeasure() {
    return aboutToMeasure.future();
  }

  /** Completes when the measured window is over, before the bots stop. */
  Future<Void> windowEnded() {
    return windowEnded.future();
  }

  Future<FleetReport> run() {
    long warmupNanos = TimeUnit.SECONDS.toNanos(options.warmupSeconds());
    FleetStats stats = new FleetStats(System.nanoTime() + warmupNanos);
    List<GameBot> bots = new ArrayList<>();
    for (int i = 0; i < options.bots(); i++) {
      bots.add(new GameBot("bot-" + i, options, http, ws, tokens, stats, 0x5eed + i));
    }
    // One verticle per event loop, each starting its share of the bots: timers set from this
    // (non-Vert.x) thread would all run on one sticky event loop.
    int groups = Math.min(options.bots(), VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE);
    List<Future<String>> deployments = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      deployments.add(vertx.deployVerticle(new BotGroup(bots, g, groups, options.rampMillis())));
    }
    Promise<FleetReport> report = Promise.promise();
    long warmupMillis = TimeUnit.NANOSECONDS.toMillis(warmupNanos);
    vertx.setTimer(Math.max(1, warmupMillis - READING_LEAD_MILLIS), t -> aboutToMeasure.complete());
    long total = TimeUnit.SECONDS.toMillis(options.warmupSeconds() + options.seconds());
    vertx.setTimer(total, t -> {
      // Counted before the bots hang up: players and sessions at the end of the measured window.
      stats.endWindow(System.nanoTime());
      FleetReport.Builder builder = FleetReport.builder(options, stats);
      windowEnded.complete();
      // Everything the fleet opened is closed, so that fleets can run one after another in one process.
      Future.join(bots.stream().map(GameBot::stop).toList())
          .eventually(() -> Future.join(deployments.stream().map(d -> d.compose(vertx::undeploy)).toList()))
          .eventually(ws::close)
          .onComplete(ar -> report.complete(builder.build()));
    });
    return report.future();
  }

  /** Starts bots {@code first}, {@code first + step}, ... on its own event loop, {@code rampMillis} apart by index. */
  private static final class BotGroup extends VerticleBase {
    private final List<GameBot> bots;
    private final int first;
    private final int step;
    private final int rampMillis;

    BotGroup(List<GameBot> bots, int first, int step, int rampMillis) {
      this.bots = bots;
      this.first = first;
      this.step = step;
      this.rampMillis = rampMillis;
    }

    @Override
    public Future<?> start() {
      for (int i = first; i < bots.size(); i += step) {
        GameBot bot = bots.get(i);
        vertx.setTimer(1 + (long) i * rampMillis, t -> bot.start(vertx));
      }
      return Future.succeededFuture();
    }
  }
}
