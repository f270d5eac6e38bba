package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.http.Problem;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.concurrent.TimeUnit;

/**
 * The client's body on its way upstream, with one stall timer: it fires when the last chunk may be
 * {@code GATEWAY_BODY_TIMEOUT} old and is set again for the rest while chunks come (no timer per
 * chunk). While the upstream does not take the body (back-pressure), the client is not stalling.
 */
final class RequestBody {

  private final Vertx vertx;
  private final long bodyTimeoutMillis;
  private final Exchange exchange;
  private final HttpClientRequest upstream;
  private boolean ended;
  /** Whether the gateway holds the client's body back because the upstream's write queue is full. */
  private boolean held;
  /** Whether the rest of the body is dropped: the upstream request was reset and the connection closes after the answer. */
  private boolean dropped;
  private long lastChunkNanos;
  private long stallTimer = -1;
  /** Set once the answer to a cut body is written: closes the connection when the rest of the body is in. */
  private Runnable afterAnswer;

  RequestBody(Vertx vertx, long bodyTimeoutMillis, Exchange exchange, HttpClientRequest upstream) {
    this.vertx = vertx;
    this.bodyTimeoutMillis = bodyTimeoutMillis;
    this.exchange = exchange;
    this.upstream = upstream;
  }

  void start() {
    HttpServerRequest incoming = exchange.incoming;
    if (incoming.isEnded() || !exchange.hasBody()) {
      ended = true;
      upstream.end();
      // Paused since admission: a paused request holds back the next one on its connection.
      incoming.resume();
      return;
    }
    String length = incoming.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      upstream.putHeader(HttpHeaders.CONTENT_LENGTH, length);
    } else {
      upstream.setChunked(true);
    }
    incoming.handler(this::chunk);
    incoming.endHandler(v -> {
      ended = true;
      cancelStallTimer();
      if (afterAnswer != null) {
        afterAnswer.run();
      } else {
        upstream.end();
      }
    });
    incoming.exceptionHandler(err -> stalled());
    lastChunkNanos = System.nanoTime();
    stallTimer = vertx.setTimer(bodyTimeoutMillis, this::checkStall);
    incoming.resume();
  }

  private void chunk(Buffer chunk) {
    if (dropped) {
      // The upstream request was reset (a stall, a timeout): the rest of the body has nowhere to go.
      return;
    }
    lastChunkNanos = System.nanoTime();
    upstream.write(chunk);
    if (upstream.writeQueueFull()) {
      held = true;
      exchange.incoming.pause();
      upstream.drainHandler(v -> {
        held = false;
        lastChunkNanos = System.nanoTime();
        exchange.incoming.resume();
      });
    }
  }

  /** The stall timer: a 408 when no chunk came for the body timeout, else set again for what is left of it. */
  private void checkStall(long id) {
    stallTimer = -1;
    if (ended || exchange.done()) {
      return;
    }
    long quietMillis = held ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastChunkNanos);
    if (quietMillis >= bodyTimeoutMillis) {
      stalled();
    } else {
      stallTimer = vertx.setTimer(bodyTimeoutMillis - quietMillis, this::checkStall);
    }
  }

  /** A request without a body never set one: nothing to look up. */
  private void cancelStallTimer() {
    if (stallTimer != -1) {
      vertx.cancelTimer(stallTimer);
      stallTimer = -1;
    }
  }

  boolean ended() {
    return ended;
  }

  /** Whether the gateway holds the client's body back because the upstream's write queue is full. */
  boolean held() {
    return held;
  }

  void answered() {
    cancelStallTimer();
  }

  /** The body stopped coming: the client's fault, answered 408 on a connection that then closes. */
  void stalled() {
    cancelStallTimer();
    if (exchange.finish(Outcome.CLIENT_ABORT)) {
      resetUpstream();
      closeAfterAnswer();
      exchange.answer(new Problem(408, "Request Timeout", "The request body did not arrive in time."));
    }
  }

  /**
   * Resets the upstream request. With the body cut short, Vert.x's close would wait behind the body's
   * queued writes, for as long as the upstream does not read them: that connection is closed at once.
   */
  void resetUpstream() {
    upstream.reset();
    if (!ended) {
      closeNow(upstream.connection());
    }
  }

  /**
   * The rest of the body may still come: the connection cannot carry another request, so it closes
   * after this answer. Closed with unread bytes, a socket sends a reset that can reach the client
   * before the answer does; so the rest is read and dropped, and the connection closes when the body
   * is in, or a body timeout after the answer (a client that keeps sending is cut off), like nginx's
   * lingering close. Through the routing context's end handlers: the response's own would replace the
   * router's, and with them the access line.
   */
  void closeAfterAnswer() {
    dropped = true;
    cancelStallTimer();
    HttpServerRequest incoming = exchange.incoming;
    incoming.response().putHeader(HttpHeaders.CONNECTION, "close");
    exchange.ctx.addEndHandler(done -> {
      HttpConnection connection = incoming.connection();
      if (ended) {
        connection.close();
        return;
      }
      long linger = vertx.setTimer(bodyTimeoutMillis, id -> closeNow(connection));
      afterAnswer = () -> {
        vertx.cancelTimer(linger);
        connection.close();
      };
    });
  }

  /**
   * Closes {@code connection}'s socket now, dropping what it still has to write: Vert.x's own close
   * (the reset's, a shutdown's) waits for queued writes to be flushed, and a peer that reads nothing
   * would hold the connection open forever. The close starts below Vert.x's handler in the pipeline.
   */
  private static void closeNow(HttpConnection connection) {
    Channel channel = ((ConnectionBase) connection).channel();
    ChannelHandlerContext first = channel.pipeline().firstContext();
    if (first != null) {
      first.close();
    } else {
      channel.close();
    }
  }
}
