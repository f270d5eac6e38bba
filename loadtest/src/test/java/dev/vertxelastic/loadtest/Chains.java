package dev.vertxelastic.loadtest;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

/**
 * The request chains the simulations combine: a learner browses the catalog, a player
 * quick-matches and plays over WebSocket. Settings come from system properties with laptop defaults.
 */
final class Chains {

  static final String BASE_URL = System.getProperty("baseUrl", "http://localhost:8080");
  /** How long a player stays in a game (must stay below the server's match length to avoid a mid-run end). */
  static final Duration PLAY = Duration.ofSeconds(Integer.getInteger("playSeconds", 15));
  /** A player leaves a match with this many seconds left, before its end can race the player's last frames. */
  static final double LAST_SECONDS = 3;

  private Chains() {
  }

  /** Gatling's default warm-up calls a public site: warm up against the target instead. */
  static HttpProtocolBuilder protocol() {
    return io.gatling.javaapi.http.HttpDsl.http
        .baseUrl(BASE_URL)
        .wsBaseUrl(BASE_URL.replaceFirst("^http", "ws"))
        // Frames no check waited for are kept, so a player notices an `ended` that came between checks.
        .wsUnmatchedInboundMessageBufferSize(256)
        .warmUp(BASE_URL + "/api/courses?size=1")
        .acceptHeader("application/json")
        .contentTypeHeader("application/json")
        .userAgentHeader("vertx-elastic-gatling");
  }

  static final ChainBuilder SIGN_IN = exec(session -> session.set("userName", "load-" + session.userId()))
      .exec(http("guest token").post("/api/auth/guest")
          .body(StringBody("{\"name\":\"#{userName}\"}"))
          .check(status().is(201), jsonPath("$.token").saveAs("token")));

  static final ChainBuilder BROWSE = exec(
      http("list courses").get("/api/courses?page=1&size=10")
          .check(status().is(200), jsonPath("$.items[*].id").findRandom().saveAs("courseId")),
      http("search courses").get("/api/courses?q=data&size=5").check(status().is(200)),
      http("filter courses").get("/api/courses?level=beginner&size=5").check(status().is(200)),
      http("open course").get("/api/courses/#{courseId}")
          .check(status().is(200), jsonPath("$.lessons[0].id").exists()));

  /** Looks through the frames no check waited for: an {@code ended} one means the match is over. */
  static final ChainBuilder NOTICE_END = exec(ws.processUnmatchedMessages((messages, session) -> messages.stream()
      .filter(WsInboundMessage.Text.class::isInstance)
      .map(m -> ((WsInboundMessage.Text) m).message())
      .filter(text -> text.contains("\"type\":\"ended\""))
      .findFirst().map(text -> session.set("frameType", "ended").set("endReason", endReason(text)))
      .orElse(session)));

  private static final Pattern REASON = Pattern.compile("\"reason\"\\s*:\\s*\"([^\"]*)\"");

  static String endReason(String endedFrame) {
    Matcher m = REASON.matcher(endedFrame);
    return m.find() ? m.group(1) : "unknown";
  }

  /**
   * Quick-match, join over WebSocket, then send an input and a ping every 250 ms for {@link #PLAY}
   * or until the match ends, each answered by a state frame. A session that ends mid-play must end for a game reason:
   * an {@code ended} frame with {@code server-shutdown} (a cut game) fails the check.
   */
  static final ChainBuilder PLAY_GAME = exec(
      http("quick match").post("/api/games/quick-match").header("Authorization", "Bearer #{token}")
          .check(status().in(200, 201), jsonPath("$.wsPath").saveAs("wsPath")),
      ws("join game").connect("#{wsPath}?token=#{token}")
          .await(5).on(ws.checkTextMessage("welcome").matching(jsonPath("$.type").is("welcome"))
              .check(jsonPath("$.playerId").exists())))
      .exec(session -> session.set("frameType", "state").set("seq", 0).set("remaining", Double.MAX_VALUE))
      // Leaves the loop once the match ended: a loop with nothing left to wait on spins on Gatling's
      // event loop until PLAY is over and holds back every other user's requests by a second or two.
      // And leaves LAST_SECONDS before the match ends: an input or ping sent just as the server ends
      // the match and closes the socket fails its await (Gatling cannot await "a frame or a close").
      .asLongAsDuring(session -> "state".equals(session.getString("frameType"))
          && session.getDouble("remaining") > LAST_SECONDS, PLAY).on(
          exec(NOTICE_END)
          .doIf(session -> "state".equals(session.getString("frameType"))).then(
              exec(session -> session.set("seq", session.getInt("seq") + 1)
                      .set("dx", ThreadLocalRandom.current().nextInt(-1, 2))
                      .set("dy", ThreadLocalRandom.current().nextInt(-1, 2))
                      .set("t", System.currentTimeMillis()))
                  .exec(ws("input").sendText("{\"type\":\"input\",\"seq\":#{seq},\"dx\":#{dx},\"dy\":#{dy}}")
                      .await(3).on(ws.checkTextMessage("state or end")
                          .matching(jsonPath("$.type").in("state", "ended"))
                          .check(jsonPath("$.type").saveAs("frameType"),
                              jsonPath("$.remainingSeconds").ofDouble().optional().saveAs("remaining"),
                              jsonPath("$.reason").optional().saveAs("endReason"),
                              jsonPath("$.reason").not("server-shutdown"))))
                  .pause(Duration.ofMillis(250))))
      .exec(NOTICE_END)
      .doIf(session -> "state".equals(session.getString("frameType"))).then(
          exec(ws("ping").sendText("{\"type\":\"ping\",\"t\":#{t}}")
              .await(3).on(ws.checkTextMessage("pong").matching(jsonPath("$.type").is("pong"))))
              .exec(ws("leave game").close()))
      .exec(pause(Duration.ZERO));
}
