package dev.vertxelastic.game.bot;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.logging.Logger;

/**
 * One headless player: gets a token, quick-matches, plays with random inputs, pings, and measures
 * ping round trips and the time between state frames. When its game ends it matches again; when
 * its connection drops mid-game it reconnects to keep its seat (through another gateway when its
 * gateway goes away), retrying a failed reconnect with a back-off. Runs on one event loop.
 */
final class GameBot {

  private static final Logger LOG = Logger.getLogger(GameBot.class.getName());
  private static final int RECONNECT_ATTEMPTS = 3;
  private static final long RETRY_MILLIS = 1000;
  private final String name;
  private final BotOptions options;
  private final WebClient http;
  private final WebSocketClient ws;
  private final TokenSource tokens;
  private final FleetStats stats;
  private final SplittableRandom random;
  private volatile Vertx vertx;
  private volatile Context context;
  private String token;
  private String wsPath;
  private WebSocket socket;
  private boolean welcomed;
  private boolean ended;
  private boolean resuming;
  private volatile boolean stopped;
  private int reconnectsLeft;
  private long timer = -1;
  private long lastState = -1;
  private long lastTick = -1;
  private long seq;
  private long actions;
  private double dx;
  private double dy;

  GameBot(String name, BotOptions options, WebClient http, WebSocketClient ws, TokenSource tokens, FleetStats stats, long seed) {
    this.name = name;
    this.options = options;
    this.http = http;
    this.ws = ws;
    this.tokens = tokens;
    this.stats = stats;
    this.random = new SplittableRandom(seed);
  }

  /** Starts playing; call on the event loop the bot is to live on. */
  void start(Vertx vertx) {
    if (stopped) {
      return;
    }
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    tokens.token(name)
        .onSuccess(t -> {
          token = t;
          match();
        })
        .onFailure(err -> fail("token", err));
  }

  /** Stops playing and closes the connection. */
  Future<Void> stop() {
    stopped = true;
    if (context == null) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      vertx.cancelTimer(timer);
      if (socket != null && !socket.isClosed()) {
        socket.close().onComplete(ar -> done.complete());
      } else {
        done.complete();
      }
    });
    return done.future();
  }

  private void match() {
    if (stopped) {
      return;
    }
    http.post(options.url().port(), options.url().host(), "/api/games/quick-match")
        .ssl(options.url().ssl())
        .bearerTokenAuthentication(token)
        .send()
        .onSuccess(this::matched)
        .onFailure(err -> {
          fail("quick-match", err);
          later(RETRY_MILLIS, this::match);
        });
  }

  private void matched(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status == 200 || status == 201) {
      JsonObject game = response.bodyAsJsonObject();
      wsPath = game.getString("wsPath");
      stats.session(game.getString("id"));
      reconnectsLeft = RECONNECT_ATTEMPTS;
      connect();
    } else if (status == 503 || status == 429) {
      // Full or draining: come back when told to (the gateway may place us elsewhere then).
      stats.refused(status);
      later(retryAfterMillis(response.getHeader("Retry-After")), this::match);
    } else {
      fail("quick-match", new IllegalStateException("HTTP " + status + " " + response.bodyAsString()));
      later(RETRY_MILLIS, this::match);
    }
  }

  private void connect() {
    if (stopped) {
      return;
    }
    ended = false;
    welcomed = false;
    lastState = -1;
    lastTick = -1;
    // The frame handler is on before the connection exists: the welcome often arrives in the same read as the 101.
    ClientWebSocket client = ws.webSocket();
    if (options.light()) {
      client.handler(this::onLightFrame);
    } else {
      client.textMessageHandler(this::onFrame);
    }
    client.connect(new WebSocketConnectOptions().setHost(options.url().host()).setPort(options.url().port())
            .setSsl(options.url().ssl()).setURI(wsPath + "?token=" + token))
        .onSuccess(this::play)
        .onFailure(err -> {
          fail("connect", err);
          if (resuming && reconnectsLeft-- > 0) {
            // The seat is kept for a while (10 s): a gateway that is going away is followed by another.
            stats.reconnects.incrementAndGet();
            later(200L << (RECONNECT_ATTEMPTS - reconnectsLeft), this::connect);
          } else {
            resuming = false;
            later(RETRY_MILLIS, this::match);
          }
        });
  }

  private void play(WebSocket connected) {
    socket = connected;
    connected.closeHandler(v -> onClose());
    timer = vertx.setPeriodic(options.inputMillis(), t -> act());
    if (stopped) {
      connected.close();
    }
  }

  /** Light mode: states and pongs are read from their first bytes (server frames fit one WebSocket frame). */
  private void onLightFrame(Buffer data) {
    long now = System.nanoTime();
    switch (LightFrame.kind(data)) {
      case LightFrame.STATE -> state(now, LightFrame.tick(data));
      case LightFrame.PONG -> pong(now, LightFrame.pongTime(data));
      default -> onFrame(data.toString(StandardCharsets.UTF_8));
    }
  }

  private void onFrame(String text) {
    long now = System.nanoTime();
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException e) {
      stats.error("client-bad-json");
      return;
    }
    switch (String.valueOf(frame.getValue("type"))) {
      case "welcome" -> welcomed();
      case "state" -> state(now, frame.getLong("tick", -1L));
      case "pong" -> pong(now, frame.getValue("t") instanceof Number sent ? sent.longValue() : -1);
      case "ended" -> {
        ended = true;
        stats.ended(frame.getString("reason", "?"));
      }
      case "error" -> stats.error(frame.getString("code", "?"));
      default -> stats.error("client-unknown-frame");
    }
  }

  private void state(long now, long tick) {
    stats.states.increment();
    if (lastState > 0 && stats.measuring(now)) {
      stats.frameIntervals.add(now - lastState);
      if (tick > lastTick + 1) {
        // Steps the server caught up in one tick after a stall: the client never saw those states.
        stats.missedTicks.add(tick - lastTick - 1);
      }
    }
    lastState = now;
    lastTick = tick;
  }

  private void pong(long now, long sent) {
    if (sent > 0 && stats.measuring(now)) {
      stats.pingRtt.add(now - sent);
    }
  }

  private void welcomed() {
    resuming = false;
    if (!welcomed) {
      welcomed = true;
      stats.welcomed.incrementAndGet();
      stats.connectedNow.incrementAndGet();
    }
  }

  /** A random walk: mostly keep going, sometimes turn; every few inputs a ping. */
  private void act() {
    if (socket == null || socket.isClosed() || !welcomed) {
      return;
    }
    if (random.nextDouble() < 0.2) {
      double angle = random.nextDouble() * 2 * Math.PI;
      dx = Math.round(Math.cos(angle) * 1000) / 1000.0;
      dy = Math.round(Math.sin(angle) * 1000) / 1000.0;
    }
    // Written by hand: the frames are fixed, and a fleet sends tens of thousands a second.
    socket.writeTextMessage("{\"type\":\"input\",\"seq\":" + ++seq + ",\"dx\":" + dx + ",\"dy\":" + dy + "}");
    if (++actions % options.pingEvery() == 0) {
      socket.writeTextMessage("{\"type\":\"ping\",\"t\":" + System.nanoTime() + "}");
    }
  }

  private void onClose() {
    vertx.cancelTimer(timer);
    timer = -1;
    socket = null;
    if (welcomed) {
      stats.connectedNow.decrementAndGet();
    }
    if (stopped) {
      return;
    }
    if (ended) {
      later(100 + random.nextInt(400), this::match);
    } else if (reconnectsLeft-- > 0) {
      stats.reconnects.incrementAndGet();
      resuming = true;
      later(200, this::connect);
    } else {
      match();
    }
  }

  private void later(long millis, Runnable action) {
    vertx.setTimer(Math.max(1, millis), t -> action.run());
  }

  private void fail(String what, Throwable err) {
    stats.failures.incrementAndGet();
    LOG.warning("bot " + name + ": " + what + " failed: " + err.getMessage());
  }

  private static long retryAfterMillis(String header) {
    try {
      return header == null ? RETRY_MILLIS : Math.min(10_000, Math.max(100, Long.parseLong(header.trim()) * 1000));
    } catch (NumberFormatException e) {
      return RETRY_MILLIS;
    }
  }
}
