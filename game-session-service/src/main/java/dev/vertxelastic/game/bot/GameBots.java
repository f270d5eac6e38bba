package dev.vertxelastic.game.bot;

import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.logging.OneLineLogging;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The headless game client, the reference client for load runs: N bots that each get a guest
 * token from the gateway ({@code POST /api/auth/guest}), quick-match, play with random inputs and
 * measure ping round trips and frame intervals; prints a summary at the end.
 *
 * <pre>
 * java -cp game-session-service-0.1.0-SNAPSHOT-fat.jar dev.vertxelastic.game.bot.GameBots \
 *   --url http://127.0.0.1:8080 --bots 50 --seconds 60
 * </pre>
 *
 * Against one game instance without a gateway add {@code --local-token}: tokens are then signed
 * with {@code JWT_SECRET} (or the machine's local secret file, as the services read it).
 */
public final class GameBots {

  private GameBots() {
  }

  public static void main(String[] args) throws Exception {
    OneLineLogging.install();
    BotOptions options;
    try {
      options = BotOptions.parse(args, "http://127.0.0.1:8080");
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = BotFleet.vertx();
    WebClient http = BotFleet.httpClient(vertx, options.bots());
    TokenSource tokens = options.localToken()
        ? TokenSource.local(new Tokens(vertx, Tokens.secret(Env.system()), Duration.ofHours(1)))
        : TokenSource.gateway(http, options.url());
    System.out.printf("%d bots against %s: %d s warm-up, then %d s measured%n", options.bots(), options.url(),
        options.warmupSeconds(), options.seconds());
    long wait = TimeUnit.SECONDS.toMillis(options.warmupSeconds() + options.seconds() + 30);
    FleetReport report = new BotFleet(vertx, options, tokens, http).run()
        .toCompletionStage().toCompletableFuture().get(wait, TimeUnit.MILLISECONDS);
    System.out.println(report.summary());
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    System.exit(report.everWelcomed() == 0 ? 1 : 0);
  }
}
