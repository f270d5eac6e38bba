package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

import java.util.function.Predicate;

/**
 * Relays one HTTP exchange over an opened upstream request: the client's body with back-pressure
 * (a body that stalls for {@code GATEWAY_BODY_TIMEOUT} is the client's 408, never held against the
 * upstream; a body the upstream does not take before the exchange's deadline is the upstream's 504),
 * then the upstream's answer, which must begin before the exchange's deadline (504).
 */
final class HttpRelay {

  private final Vertx vertx;
  private final Deadlines deadlines;
  private final long bodyTimeoutMillis;
  /** Whether another endpoint could take a retry of the exchange. */
  private final Predicate<Exchange> retry;

  HttpRelay(Vertx vertx, Deadlines deadlines, long bodyTimeoutMillis, Predicate<Exchange> retry) {
    this.vertx = vertx;
    this.deadlines = deadlines;
    this.bodyTimeoutMillis = bodyTimeoutMillis;
    this.retry = retry;
  }

  /** Relays the exchange over {@code upstream}; {@code again} sends it anew when the connection is lost before any answer and the exchange may retry. */
  void relay(Exchange exchange, HttpClientRequest upstream, Runnable again) {
    HttpServerRequest incoming = exchange.incoming;
    RequestBody body = new RequestBody(vertx, bodyTimeoutMillis, exchange, upstream);
    Deadlines.Entry deadline = deadlines.add(exchange.deadlineNanos(), () -> deadlinePassed(exchange, body));
    incoming.response().closeHandler(v -> {
      // The client went away: nothing more to send or relay.
      if (exchange.finish(Outcome.CLIENT_ABORT)) {
        upstream.reset();
      }
      exchange.release();
    });
    upstream.response().onComplete(answer -> {
      deadline.cancel();
      body.answered();
      if (exchange.done()) {
        if (answer.succeeded()) {
          upstream.reset();
        }
      } else if (answer.failed() && body.ended() && retry.test(exchange) && exchange.mayRetry(true)) {
        exchange.circuit.count(Outcome.RESET);
        again.run();
      } else if (answer.failed()) {
        exchange.fail(body.ended() ? Outcome.RESET : Outcome.CLIENT_ABORT,
            new Problem(502, "Bad Gateway", exchange.service() + " closed the connection before answering."));
      } else {
        respond(exchange, upstream, answer.result());
      }
    });
    body.start();
  }

  /**
   * The exchange's deadline, before any answer: a body the client is still sending is its stall (408);
   * a body the upstream would not take, or an answer it has not begun, is the upstream's timeout (504).
   */
  private static void deadlinePassed(Exchange exchange, RequestBody body) {
    if (!body.ended() && !body.held()) {
      body.stalled();
    } else if (exchange.finish(Outcome.TIMEOUT)) {
      body.resetUpstream();
      if (body.ended()) {
        exchange.answer(Problem.gatewayTimeout(exchange.service() + " did not answer within the gateway's request timeout."));
      } else {
        // The rest of the body may still come: the connection closes after this answer.
        body.closeAfterAnswer();
        exchange.answer(Problem.gatewayTimeout(exchange.service() + " did not take the request body within the gateway's request timeout."));
      }
    }
  }

  private static void respond(Exchange exchange, HttpClientRequest upstream, HttpClientResponse answer) {
    exchange.finish(Outcome.ofStatus(answer.statusCode()));
    HttpServerResponse response = exchange.incoming.response();
    // Set only when not the default 200: a set takes the connection's lock and looks the status up.
    if (answer.statusCode() != response.getStatusCode()) {
      response.setStatusCode(answer.statusCode());
    }
    // The pod's reason phrase only when it is not the standard one: a phrase set makes a status object per
    // response, and Vert.x knows a 304 (no body, no Transfer-Encoding) by Netty's standard object only.
    if (!response.getStatusMessage().equals(answer.statusMessage())) {
      response.setStatusMessage(answer.statusMessage());
    }
    ForwardedHeaders.response(answer.headers(), response.headers());
    long length = declaredLength(answer);
    if (length < 0 && exchange.incoming.version() != HttpVersion.HTTP_1_0) {
      response.setChunked(true);
    }
    new Answer(exchange, upstream, answer, length).start();
  }

  /** The answer's Content-Length, or -1 when it has none (or none that Netty's decoder would have framed the body by). */
  private static long declaredLength(HttpClientResponse answer) {
    String length = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length);
    } catch (NumberFormatException notOne) {
      return -1;
    }
  }

  /**
   * The upstream's body on its way to the client, with back-pressure. A body that reaches its
   * Content-Length goes out with the response's end, one write; a body the upstream stops sending
   * halfway closes the client's connection, so the client never takes a cut answer for a whole one.
   */
  private static final class Answer {
    private final Exchange exchange;
    private final HttpClientRequest upstream;
    private final HttpClientResponse answer;
    private final HttpServerResponse response;
    /** Bytes still due by the Content-Length; negative without one. */
    private long due;
    private boolean over;

    Answer(Exchange exchange, HttpClientRequest upstream, HttpClientResponse answer, long length) {
      this.exchange = exchange;
      this.upstream = upstream;
      this.answer = answer;
      this.response = exchange.incoming.response();
      this.due = length;
    }

    void start() {
      answer.handler(this::chunk);
      answer.endHandler(v -> end(null));
      answer.exceptionHandler(failure -> cut());
      response.closeHandler(v -> cut());
      answer.resume();
    }

    private void chunk(Buffer chunk) {
      if (over) {
        return;
      }
      if (due > 0 && (due -= chunk.length()) <= 0) {
        end(chunk);
        return;
      }
      response.write(chunk);
      if (response.writeQueueFull()) {
        answer.pause();
        response.drainHandler(v -> answer.resume());
      }
    }

    /** The answer is whole: the response ends, with {@code last} when that is the body's last chunk. */
    private void end(Buffer last) {
      if (over) {
        return;
      }
      over = true;
      (last == null ? response.end() : response.end(last)).onComplete(done -> {
        if (done.failed()) {
          upstream.reset();
        }
        exchange.release();
      });
    }

    /** The upstream or the client went away before the answer's end: the other side's connection cannot carry it on. */
    private void cut() {
      if (over) {
        return;
      }
      over = true;
      upstream.reset();
      response.reset();
      exchange.release();
    }
  }
}
