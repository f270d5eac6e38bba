package dev.vertxelastic.game.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxHandler;

/**
 * A player's upgraded WebSocket at the Netty level, for a frame that is encoded once, header
 * included, for every player of a session: its bytes go into the channel from Vert.x's handler, so
 * they pass Vert.x's frame encoder untouched (it encodes frame objects only), and they are reported
 * to the connection's metrics as Vert.x would. Only from the channel's own event loop, where
 * nothing can come between Vert.x's writes and these.
 */
final class FrameChannel {

  /** The name Vert.x gives its handler in every connection's pipeline. */
  private static final String VERTX_HANDLER = "handler";
  /** About sixteen states of a full session, 0.8 s of play: a client further behind skips states until it catches up. */
  static final int MAX_PENDING = 16 * 1024;

  private final ChannelHandlerContext handler;
  private final ConnectionBase webSocket;

  private FrameChannel(ChannelHandlerContext handler, ConnectionBase webSocket) {
    this.handler = handler;
    this.webSocket = webSocket;
  }

  /** The channel of {@code connection} once upgraded to a WebSocket; null when its pipeline is not Vert.x's as expected. */
  static FrameChannel of(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase http)) {
      return null;
    }
    ChannelHandlerContext handler = http.channel().pipeline().context(VERTX_HANDLER);
    if (handler == null || !(handler.handler() instanceof VertxHandler<?> vertx) || vertx.getConnection() == http) {
      return null;
    }
    return new FrameChannel(handler, vertx.getConnection());
  }

  /** Whether this thread is the channel's event loop, the only one that writes here. */
  boolean onEventLoop() {
    return handler.executor().inEventLoop();
  }

  /**
   * Whether the channel holds less than {@link #MAX_PENDING} bytes the socket has not taken yet.
   * Vert.x's own check does not see these writes; and the frames are pooled direct memory, so a
   * client that reads slowly pins at most this much of it (a thousand players: 16 MB).
   */
  boolean writable() {
    ChannelOutboundBuffer pending = handler.channel().unsafe().outboundBuffer();
    return pending != null && pending.totalPendingWriteBytes() < MAX_PENDING;
  }

  /** Writes and flushes a whole encoded frame; {@code frame} stays the caller's (this write holds its own reference). */
  void write(ByteBuf frame) {
    webSocket.reportBytesWritten(frame.readableBytes());
    handler.writeAndFlush(frame.retainedDuplicate(), handler.voidPromise());
  }
}
