package dev.vertxelastic.game.bot;

import dev.vertxelastic.game.GameSessionVerticle;
import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference client against a real instance: it matches, plays and measures. */
@ExtendWith(VertxExtension.class)
class BotFleetTest {

  static final String SECRET = "a-test-signing-secret-of-more-than-32-chars";

  @Test
  void fourBotsQuickMatchIntoOneGamePlayAndMeasurePingsAndFrameIntervals(Vertx vertx) throws Exception {
    fourBotsPlay(vertx);
  }

  @Test
  void lightBotsMeasureTheSameFromTheFramesFirstBytes(Vertx vertx) throws Exception {
    fourBotsPlay(vertx, "--light");
  }

  private static FleetReport fourBotsPlay(Vertx vertx, String... extra) throws Exception {
    ServiceRuntime<GameSessionVerticle> server = Await.result(ServiceRuntime.start(Env.of(Map.of("HTTP_PORT", "0",
        "MANAGEMENT_PORT", "0", "INSTANCE_ID", "bot-test", "JWT_SECRET", SECRET, "GAME_DRAIN_DEADLINE", "200ms")), GameSessionVerticle::new));
    try {
      List<String> args = new ArrayList<>(List.of("--bots", "4", "--warmup", "1", "--seconds", "1", "--ping-every", "1",
          "--url", "http://127.0.0.1:" + server.verticle().actualPort()));
      args.addAll(List.of(extra));
      BotOptions options = BotOptions.parse(args.toArray(String[]::new), "http://127.0.0.1:1");
      WebClient http = BotFleet.httpClient(vertx, options.bots());
      TokenSource tokens = TokenSource.local(new Tokens(vertx, SECRET, Duration.ofMinutes(5)));
      FleetReport report = Await.result(new BotFleet(vertx, options, tokens, http).run());

      assertEquals(4, report.everWelcomed(), report.summary());
      assertEquals(4, report.playing(), report.summary());
      assertEquals(1, report.sessions(), report.summary());
      assertEquals(0, report.failures(), report.summary());
      assertTrue(report.rttSamples() >= 4, report.summary());
      assertTrue(report.intervalSamples() >= 40, report.summary());
      assertTrue(report.intervalP50() > 30 && report.intervalP50() < 100, report.summary());
      assertEquals(Map.of(), report.errors(), report.summary());
      return report;
    } finally {
      Await.result(server.stop());
    }
  }

  @Test
  void badOptionsAreAllListed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BotOptions.parse(new String[] {"--bots", "many", "--speed", "3", "--url", "ftp://x"}, "http://127.0.0.1:1"));
    assertTrue(e.getMessage().contains("--bots") && e.getMessage().contains("--speed") && e.getMessage().contains("--url"),
        e.getMessage());
  }
}
