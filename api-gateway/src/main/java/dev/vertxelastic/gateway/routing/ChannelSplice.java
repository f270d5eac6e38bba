package dev.vertxelastic.gateway.routing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * An established tunnel at the Netty level, for two Vert.x connections of one event loop: the
 * bytes read from either are written to the other as they are (no copy, no Vert.x stream in
 * between) and flushed once per read batch, and a channel stops reading while its peer cannot take
 * more. Each handler sits just ahead of Vert.x's, which still sees everything else: the close,
 * errors, idleness; the bytes are reported to each connection's metrics as Vert.x would.
 */
final class ChannelSplice extends ChannelInboundHandlerAdapter {

  private static final String NAME = "tunnel-splice";
  /** The name Vert.x gives its handler in every connection's pipeline. */
  private static final String VERTX_HANDLER = "handler";

  private final ConnectionBase source;
  private final ConnectionBase target;
  private boolean written;

  private ChannelSplice(ConnectionBase source, ConnectionBase target) {
    this.source = source;
    this.target = target;
  }

  /**
   * Splices {@code a} and {@code b} after the tasks already queued on their event loop, among them
   * Vert.x's delivery of the bytes it holds, so those are written first. Only two connections of one
   * event loop, where nothing can reorder the bytes: others keep Vert.x's pipes.
   */
  static void join(ConnectionBase a, ConnectionBase b) {
    if (a.channel().eventLoop() != b.channel().eventLoop()) {
      return;
    }
    ChannelPipeline pa = a.channel().pipeline();
    ChannelPipeline pb = b.channel().pipeline();
    a.channel().eventLoop().execute(() -> {
      if (a.channel().isActive() && b.channel().isActive() && pa.get(NAME) == null
          && pa.get(VERTX_HANDLER) != null && pb.get(VERTX_HANDLER) != null) {
        pa.addBefore(VERTX_HANDLER, NAME, new ChannelSplice(a, b));
        pb.addBefore(VERTX_HANDLER, NAME, new ChannelSplice(b, a));
      }
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf bytes) {
      int length = bytes.readableBytes();
      written = true;
      source.reportBytesRead(length);
      target.reportBytesWritten(length);
      Channel peer = target.channel();
      peer.write(bytes, peer.voidPromise());
      if (!peer.isWritable()) {
        ctx.channel().config().setAutoRead(false);
      }
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (written) {
      written = false;
      target.channel().flush();
    }
    ctx.fireChannelReadComplete();
  }

  /** This channel drained: its peer, which writes into it, may read again. */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      target.channel().config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }
}
