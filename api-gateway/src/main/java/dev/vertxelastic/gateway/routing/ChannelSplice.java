package dev.vertxelastic.gateway.routing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An established tunnel at the Netty level, for two Vert.x connections of one event loop: the
 * bytes read from either are written to the other as they are (no copy, no Vert.x stream in
 * between) and flushed once per read batch, and a channel stops reading while its peer cannot take
 * more. Each handler sits just ahead of Vert.x's, which still sees everything else: the close,
 * errors; the bytes are reported to each connection's metrics as Vert.x would. A connection's idle
 * timeout (Vert.x's "all idle": nothing read or written) becomes the tunnel's: nothing read from
 * either end, checked by one timer instead of a promise and a listener on every write.
 */
final class ChannelSplice extends ChannelInboundHandlerAdapter {

  private static final String NAME = "tunnel-splice";
  /** The name Vert.x gives its handler in every connection's pipeline. */
  private static final String VERTX_HANDLER = "handler";

  private final ConnectionBase source;
  private final ConnectionBase target;
  private final IdleCheck idle;
  private boolean written;

  private ChannelSplice(ConnectionBase source, ConnectionBase target, IdleCheck idle) {
    this.source = source;
    this.target = target;
    this.idle = idle;
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
        IdleCheck idle = IdleCheck.takeOver(pa, pb);
        pa.addBefore(VERTX_HANDLER, NAME, new ChannelSplice(a, b, idle));
        pb.addBefore(VERTX_HANDLER, NAME, new ChannelSplice(b, a, idle));
        if (idle != null) {
          idle.start();
        }
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
    if (idle != null) {
      idle.read();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (idle != null) {
      idle.stop();
    }
    ctx.fireChannelInactive();
  }

  /** This channel drained: its peer, which writes into it, may read again. */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      target.channel().config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  /**
   * The tunnel's idle timeout: fires Vert.x's idle event (which closes the connection, and the tunnel
   * with it) into the connection whose timeout it took, once neither end has read anything for it.
   */
  private static final class IdleCheck implements Runnable {

    private final ChannelPipeline owner;
    private final long timeoutNanos;
    private long lastRead = System.nanoTime();
    private ScheduledFuture<?> next;

    private IdleCheck(ChannelPipeline owner, long timeoutNanos) {
      this.owner = owner;
      this.timeoutNanos = timeoutNanos;
    }

    /**
     * Removes the "all idle"-only idle handlers of both pipelines and returns one check with the shorter
     * timeout; null when neither has one (a handler with a read or write timeout stays where it is).
     */
    static IdleCheck takeOver(ChannelPipeline a, ChannelPipeline b) {
      IdleCheck check = null;
      for (ChannelPipeline pipeline : new ChannelPipeline[] {a, b}) {
        IdleStateHandler handler = pipeline.get(IdleStateHandler.class);
        if (handler != null && handler.getReaderIdleTimeInMillis() == 0 && handler.getWriterIdleTimeInMillis() == 0
            && handler.getAllIdleTimeInMillis() > 0) {
          pipeline.remove(handler);
          long timeout = TimeUnit.MILLISECONDS.toNanos(handler.getAllIdleTimeInMillis());
          if (check == null || timeout < check.timeoutNanos) {
            check = new IdleCheck(pipeline, timeout);
          }
        }
      }
      return check;
    }

    void start() {
      schedule(timeoutNanos);
    }

    void read() {
      lastRead = System.nanoTime();
    }

    void stop() {
      if (next != null) {
        next.cancel(false);
      }
    }

    @Override
    public void run() {
      if (!owner.channel().isActive()) {
        return;
      }
      long idleFor = System.nanoTime() - lastRead;
      if (idleFor >= timeoutNanos) {
        owner.context(NAME).fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
      } else {
        schedule(timeoutNanos - idleFor);
      }
    }

    private void schedule(long delayNanos) {
      next = owner.channel().eventLoop().schedule(this, delayNanos, TimeUnit.NANOSECONDS);
    }
  }
}
