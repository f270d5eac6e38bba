package dev.vertxelastic.game.session;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.logging.Level;
import java.util.logging.Logger;

final class Seat {

  private static final Logger LOG = Logger.getLogger(Seat.class.getName());
  private final String playerId;
  private final String name;
  private final ServerWebSocket socket;

  Seat(String playerId, String name, ServerWebSocket socket) {
    this.playerId = playerId;
    this.name = name;
    this.socket = socket;
  }

  String playerId() {
    return playerId;
  }

  String name() {
    return name;
  }

  ServerWebSocket socket() {
    return socket;
  }

  /** Sends a frame unless the socket is closed or its write queue is full: a slow client skips states, never stalls the game. */
  boolean send(String frame) {
    if (socket.isClosed() || socket.writeQueueFull()) {
      return false;
    }
    socket.writeTextMessage(frame).onFailure(err -> LOG.log(Level.FINE, "frame to " + playerId + " not sent", err));
    return true;
  }

  boolean send(JsonObject frame) {
    return send(frame.encode());
  }

  void close(short status, String reason) {
    if (!socket.isClosed()) {
      socket.close(status, reason).onFailure(err -> LOG.log(Level.FINE, "closing " + playerId + " failed", err));
    }
  }
}
