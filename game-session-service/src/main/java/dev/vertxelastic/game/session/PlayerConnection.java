package dev.vertxelastic.game.session;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.http.ServerWebSocket;

import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The inbound side of one player's WebSocket: every frame passes the seat's token bucket (the
 * excess is dropped, with one {@code rate-limited} notice a second), is parsed, and a bad one is
 * answered with an {@code error} frame; valid inputs go to the session. A connection that has been
 * replaced (a reconnect) is ignored.
 */
final class PlayerConnection {

  private static final Logger LOG = Logger.getLogger(PlayerConnection.class.getName());

  /** What the session does with a valid input. */
  interface Steering {
    void steer(Seat seat, double dx, double dy);
  }

  private final ServerWebSocket socket;
  private final Seat seat;
  private final SessionSettings.InputLimit limit;
  private final GameMetrics metrics;
  private final Steering steering;

  private PlayerConnection(ServerWebSocket socket, Seat seat, SessionSettings.InputLimit limit, GameMetrics metrics,
                           Steering steering) {
    this.socket = socket;
    this.seat = seat;
    this.limit = limit;
    this.metrics = metrics;
    this.steering = steering;
  }

  /** Handles {@code socket}'s frames for {@code seat}; {@code closed} runs when the connection ends. */
  static void bind(ServerWebSocket socket, Seat seat, SessionSettings.InputLimit limit, GameMetrics metrics,
                   Steering steering, BiConsumer<Seat, ServerWebSocket> closed) {
    PlayerConnection connection = new PlayerConnection(socket, seat, limit, metrics, steering);
    socket.textMessageHandler(connection::onText);
    socket.binaryMessageHandler(data -> connection.reject("bad-json", "Frames must be JSON text, not binary."));
    socket.exceptionHandler(connection::onError);
    socket.closeHandler(v -> closed.accept(seat, socket));
  }

  private void onText(String text) {
    if (!seat.isCurrent(socket)) {
      return;
    }
    long now = System.nanoTime();
    if (!seat.admitFrame(now)) {
      metrics.rejected("rate-limited");
      if (seat.dueRateLimitNotice(now)) {
        seat.send(ServerFrames.error("rate-limited", "Too many frames: at most " + limit.perSecond()
            + " a second; the excess is dropped."));
      }
      return;
    }
    try {
      ClientFrame frame = ClientFrame.parse(text);
      if (frame instanceof ClientFrame.Input input) {
        steering.steer(seat, input.dx(), input.dy());
      } else if (frame instanceof ClientFrame.Ping ping) {
        seat.send(ServerFrames.pong(ping.t()));
      }
    } catch (ClientFrame.BadFrame bad) {
      reject(bad.code(), bad.getMessage());
    }
  }

  private void reject(String code, String message) {
    if (seat.isCurrent(socket)) {
      metrics.rejected(code);
      seat.send(ServerFrames.error(code, message));
    }
  }

  private void onError(Throwable err) {
    if (err instanceof CorruptedWebSocketFrameException corrupted) {
      // After a protocol violation (a frame over the frame size limit) the decoder drops every later byte.
      metrics.rejected("too-big");
      Seat.close(socket, (short) corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
    } else if (err instanceof IllegalStateException && String.valueOf(err.getMessage()).contains("max message size")) {
      reject("too-big", "A frame may be at most " + ClientFrame.MAX_CHARS + " characters.");
    } else {
      LOG.log(Level.FINE, "player " + seat.playerId() + " socket error", err);
    }
  }
}
