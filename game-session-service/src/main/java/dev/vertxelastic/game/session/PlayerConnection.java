package dev.vertxelastic.game.session;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;

import java.nio.charset.CharacterCodingException;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The inbound side of one player's WebSocket: every data frame, text or binary, passes the seat's
 * token bucket (the excess is dropped, with one {@code rate-limited} notice a second; a client that
 * keeps flooding is closed with 1008). Messages are assembled here, not by Vert.x, so that text is
 * decoded as strict UTF-8 (invalid text closes with 1007). A message is parsed, a bad one answered
 * with an {@code error} frame; valid inputs go to the session. A replaced connection is ignored.
 */
final class PlayerConnection {

  private static final Logger LOG = Logger.getLogger(PlayerConnection.class.getName());
  static final short POLICY_VIOLATION = 1008;
  static final short INVALID_PAYLOAD = 1007;
  /** Messages up to this size are read and answered with a "too-big" error. */
  static final int MAX_MESSAGE_BYTES = 16 * 1024;

  /** What the session does with a valid input. */
  interface Steering {
    void steer(Seat seat, double dx, double dy);
  }

  private final ServerWebSocket socket;
  private final Seat seat;
  private final SessionSettings.InputLimit limit;
  private final GameMetrics metrics;
  private final Steering steering;
  // The message being received (fragments so far), null between messages or while one is skipped.
  private Buffer message;
  private boolean messageIsText;

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
    socket.frameHandler(connection::onFrame);
    socket.exceptionHandler(connection::onError);
    socket.closeHandler(v -> closed.accept(seat, socket));
  }

  private void onFrame(WebSocketFrame frame) {
    if (!(frame.isText() || frame.isBinary() || frame.isContinuation()) || !seat.isCurrent(socket)) {
      return;
    }
    if (!admit()) {
      // The rest of a dropped message is skipped too.
      message = null;
      return;
    }
    if (!frame.isContinuation()) {
      messageIsText = frame.isText();
      if (frame.isFinal()) {
        // A whole message in one frame, as clients send them: read where it is.
        message = null;
        onMessage(frame.binaryData());
        return;
      }
      message = Buffer.buffer();
    } else if (message == null) {
      return;
    }
    message.appendBuffer(frame.binaryData());
    if (frame.isFinal()) {
      Buffer complete = message;
      message = null;
      onMessage(complete);
    } else if (message.length() > MAX_MESSAGE_BYTES) {
      message = null;
      tooBig();
    }
  }

  private void tooBig() {
    reject("too-big", "A frame may be at most " + ClientFrame.MAX_CHARS + " characters.");
  }

  /** Takes a token for a frame; counts a dropped one and closes the connection of a client that floods. */
  private boolean admit() {
    long now = System.nanoTime();
    if (seat.admitFrame(now)) {
      return true;
    }
    metrics.rejected("rate-limited");
    if (seat.floods(now)) {
      Seat.close(socket, POLICY_VIOLATION, "Too many frames: the input rate limit is exceeded.");
    } else if (seat.dueRateLimitNotice(now)) {
      seat.send(ServerFrames.error("rate-limited", "Too many frames: at most " + limit.perSecond()
          + " a second; the excess is dropped."));
    }
    return false;
  }

  private void onMessage(Buffer complete) {
    if (complete.length() > MAX_MESSAGE_BYTES) {
      tooBig();
      return;
    }
    if (!messageIsText) {
      reject("bad-json", "Frames must be JSON text, not binary.");
      return;
    }
    try {
      ClientFrame frame = ClientFrame.parse(complete);
      if (frame instanceof ClientFrame.Input input) {
        steering.steer(seat, input.dx(), input.dy());
        seat.acknowledge(input.seq());
      } else if (frame instanceof ClientFrame.Ping ping) {
        seat.send("pong", ServerFrames.pong(ping.t()));
      }
    } catch (CharacterCodingException e) {
      metrics.rejected("bad-utf8");
      Seat.close(socket, INVALID_PAYLOAD, "Text frames must be valid UTF-8.");
    } catch (ClientFrame.BadFrame bad) {
      reject(bad.code(), bad.getMessage());
    } catch (RuntimeException unexpected) {
      // A frame must never take the connection (or the session's event loop) down with it.
      LOG.log(Level.WARNING, "player " + seat.playerId() + ": a frame could not be handled", unexpected);
      reject("bad-input", "The frame could not be handled.");
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
    } else {
      LOG.log(Level.FINE, "player " + seat.playerId() + " socket error", err);
    }
  }
}
