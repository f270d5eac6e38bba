package dev.vertxelastic.gateway.routing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * An established tunnel at the Netty level, for two channels of one event loop: the bytes read
 * from either are written to the other as they are (no copy, no Vert.x stream in between) and
 * flushed once per read batch, and a channel stops reading while its peer cannot take more. Each
 * handler sits just ahead of Vert.x's, which still sees everything else: the close, errors,
 * idleness.
 */
final class ChannelSplice extends ChannelInboundHandlerAdapter {

  private static final String NAME = "tunnel-splice";

  private final Channel peer;
  private boolean written;

  private ChannelSplice(Channel peer) {
    this.peer = peer;
  }

  /**
   * Splices {@code a} and {@code b} (of one event loop) after the tasks already queued on it, among
   * them Vert.x's delivery of the bytes it holds, so those are written first.
   */
  static void join(ChannelHandlerContext a, ChannelHandlerContext b) {
    a.executor().execute(() -> {
      if (a.channel().isActive() && b.channel().isActive() && a.pipeline().get(NAME) == null) {
        a.pipeline().addBefore("handler", NAME, new ChannelSplice(b.channel()));
        b.pipeline().addBefore("handler", NAME, new ChannelSplice(a.channel()));
      }
    });
  }

  /** Whether {@link #join} can splice these two: only on one event loop, where nothing can reorder the bytes. */
  static boolean joinable(ChannelHandlerContext a, ChannelHandlerContext b) {
    return a.channel().eventLoop() == b.channel().eventLoop();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf bytes) {
      written = true;
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
      peer.flush();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      peer.config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }
}
