package dev.vertxelastic.game.session;

import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A player's place in a session. It outlives a dropped connection for the reconnect grace, so a
 * player who comes back finds their position and score; while away it has no socket.
 */
final class Seat {

  private static final Logger LOG = Logger.getLogger(Seat.class.getName());
  private static final long NOTICE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  private final String playerId;
  private final String name;
  private final TokenBucket inputs;
  private final GameMetrics metrics;
  private ServerWebSocket socket;
  /** The socket's channel for frames encoded once per session; null when Vert.x writes them. */
  private FrameChannel channel;
  private long awayUntil;
  private final int floodDrops;
  private long rateLimitNoticeAt;
  private boolean noticeSent;
  private long dropsSince;
  private int drops;
  private long ack = -1;

  Seat(String playerId, String name, SessionSettings.InputLimit limit, GameMetrics metrics) {
    this.playerId = playerId;
    this.name = name;
    this.inputs = new TokenBucket(limit, System.nanoTime());
    // Far beyond any honest client (a burst of a thousand inputs is a bot or an attack), whatever the configured rate.
    this.floodDrops = Math.max(1000, 20 * limit.perSecond());
    this.metrics = metrics;
  }

  String playerId() {
    return playerId;
  }

  String name() {
    return name;
  }

  boolean connected() {
    return socket != null;
  }

  boolean isCurrent(ServerWebSocket candidate) {
    return socket == candidate;
  }

  /** Binds a (new) connection, and its channel if it has one; returns the connection it replaces, or null. */
  ServerWebSocket attach(ServerWebSocket next, FrameChannel nextChannel) {
    ServerWebSocket previous = socket;
    socket = next;
    channel = nextChannel;
    return previous;
  }

  /** The connection is gone: the seat waits for its player until {@code untilMillis}. */
  void detach(long untilMillis) {
    socket = null;
    channel = null;
    awayUntil = untilMillis;
  }

  /** Away for longer than the grace: the slot is lost. */
  boolean lapsed(long nowMillis) {
    return socket == null && nowMillis >= awayUntil;
  }

  /** The {@code seq} of the last input applied for this player, -1 before the first (kept across reconnects). */
  long ack() {
    return ack;
  }

  void acknowledge(long seq) {
    ack = seq;
  }

  /** Whether a client frame arriving now is within the player's rate. */
  boolean admitFrame(long nowNanos) {
    return inputs.tryTake(nowNanos);
  }

  /** Counts a dropped frame; true once more than {@code max(1000, 20 x rate)} have been dropped within a second. */
  boolean floods(long nowNanos) {
    if (drops == 0 || nowNanos - dropsSince >= NOTICE_INTERVAL_NANOS) {
      dropsSince = nowNanos;
      drops = 0;
    }
    return ++drops > floodDrops;
  }

  /** At most one {@code rate-limited} notice a second. */
  boolean dueRateLimitNotice(long nowNanos) {
    if (noticeSent && nowNanos - rateLimitNoticeAt < NOTICE_INTERVAL_NANOS) {
      return false;
    }
    noticeSent = true;
    rateLimitNoticeAt = nowNanos;
    return true;
  }

  /** Sends a frame unless away or the socket's write queue is full: a slow client skips states, never stalls the game. */
  boolean send(String type, String frame) {
    ServerWebSocket out = ready(false);
    return out != null && sent(type, out.writeTextMessage(frame));
  }

  /**
   * Sends a text frame shared with other players: the encoded frame straight into the channel when
   * this is its event loop, else its payload through Vert.x; nothing is encoded or copied per player.
   */
  boolean send(String type, SharedTextFrame frame) {
    FrameChannel direct = channel;
    if (direct != null && direct.onEventLoop()) {
      if (ready(!direct.writable()) == null) {
        return false;
      }
      direct.write(frame.wire());
      metrics.frameSent(type);
      return true;
    }
    ServerWebSocket out = ready(false);
    // Vert.x has no public text frame over a Buffer; writeFrame takes this implementation anyway.
    return out != null && sent(type, out.writeFrame(
        new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) frame.payload()).getByteBuf(), true)));
  }

  /** The socket a frame may go to now; null when away, closed, or {@code full} or the socket's write queue is (a skipped frame, counted). */
  private ServerWebSocket ready(boolean full) {
    ServerWebSocket out = socket;
    if (out == null || out.isClosed()) {
      return null;
    }
    if (full || out.writeQueueFull()) {
      metrics.frameSkipped();
      return null;
    }
    return out;
  }

  private boolean sent(String type, Future<Void> write) {
    write.onFailure(err -> LOG.log(Level.FINE, "frame to " + playerId + " not sent", err));
    metrics.frameSent(type);
    return true;
  }

  boolean send(JsonObject frame) {
    return send(frame.getString("type"), frame.encode());
  }

  void close(short status, String reason) {
    close(socket, status, reason);
  }

  static void close(ServerWebSocket socket, short status, String reason) {
    if (socket != null && !socket.isClosed()) {
      socket.close(status, reason).onFailure(err -> LOG.log(Level.FINE, "closing a game socket failed", err));
    }
  }
}
