package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.http.Problem;
import dev.vertxelastic.platform.http.RequestIds;
import dev.vertxelastic.platform.tracing.Tracing;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.Locale;

/**
 * A WebSocket upgrade relayed as a byte tunnel over a connection of the endpoint's tunnel client
 * (never the HTTP pool). The upstream must answer 101 before the exchange's deadline; any other
 * answer is passed on as a problem with the upstream's status, and its connection is closed, so
 * a refused upgrade leaves nothing behind. The upstream socket is paused the moment the 101
 * arrives (the game's {@code welcome} frame may follow in the same segment) and resumed once
 * both sides are piped.
 */
final class WebSocketTunnel {

  /** Enough of a refusal's body to read its problem detail. */
  private static final int MAX_REFUSAL_BODY = 8 * 1024;

  private final Deadlines deadlines;

  WebSocketTunnel(Deadlines deadlines) {
    this.deadlines = deadlines;
  }

  /** Whether {@code request} asks for a WebSocket upgrade (RFC 6455 §4.1). */
  static boolean isUpgrade(HttpServerRequest request) {
    String upgrade = request.getHeader(HttpHeaders.UPGRADE);
    String connection = request.getHeader(HttpHeaders.CONNECTION);
    return upgrade != null && upgrade.equalsIgnoreCase("websocket")
        && connection != null && connection.toLowerCase(Locale.ROOT).contains("upgrade");
  }

  void relay(Exchange exchange, HttpClientRequest upstream) {
    Deadlines.Entry deadline = deadlines.add(exchange.deadlineNanos(), () -> {
      if (exchange.finish(Outcome.TIMEOUT)) {
        upstream.connection().close();
        exchange.answer(Problem.gatewayTimeout(exchange.service() + " did not answer the upgrade in time."));
      }
    });
    exchange.incoming.response().closeHandler(v -> {
      if (exchange.finish(Outcome.CLIENT_ABORT)) {
        upstream.connection().close();
        exchange.release();
      }
    });
    upstream.connect().onComplete(answer -> {
      deadline.cancel();
      if (answer.succeeded() && answer.result().statusCode() == 101) {
        answer.result().netSocket().pause();
      }
      if (exchange.done()) {
        upstream.connection().close();
      } else if (answer.failed()) {
        exchange.fail(Outcome.RESET, new Problem(502, "Bad Gateway", exchange.service() + " closed the connection before answering."));
      } else if (answer.result().statusCode() == 101) {
        exchange.finish(Outcome.SUCCESS);
        open(exchange, answer.result());
      } else {
        refused(exchange, upstream, answer.result());
      }
    });
  }

  /** Passes a refusal on as a problem with the upstream's status, then closes the upstream connection. */
  private static void refused(Exchange exchange, HttpClientRequest upstream, HttpClientResponse answer) {
    int status = answer.statusCode();
    exchange.finish(Outcome.ofStatus(status));
    answer.body().onComplete(read -> {
      upstream.connection().close();
      exchange.answer(problem(exchange.service(), status, read.succeeded() ? read.result() : null));
    });
  }

  static Problem problem(String service, int status, Buffer body) {
    if (status < 400 || status > 599) {
      return new Problem(502, "Bad Gateway", service + " answered the WebSocket upgrade with " + status + " instead of 101.");
    }
    JsonObject upstream = null;
    if (body != null && body.length() > 0 && body.length() <= MAX_REFUSAL_BODY) {
      try {
        upstream = body.toJsonObject();
      } catch (RuntimeException notJson) {
        upstream = null;
      }
    }
    String title = upstream != null ? upstream.getString("title") : null;
    String detail = upstream != null ? upstream.getString("detail") : null;
    return new Problem(status, title != null ? title : HttpResponseStatus.valueOf(status).reasonPhrase(),
        detail != null ? detail : service + " refused the WebSocket upgrade.");
  }

  /** Answers the client with the upstream's 101 and pipes both ways, with back-pressure, until either side closes. */
  private static void open(Exchange exchange, HttpClientResponse answer) {
    NetSocket upstream = answer.netSocket();
    HttpServerRequest incoming = exchange.incoming;
    HttpServerResponse response = incoming.response();
    response.setStatusCode(101);
    answer.headers().forEach((name, value) -> {
      // The gateway already answers with the same request id.
      if (!name.equalsIgnoreCase(RequestIds.HEADER)) {
        response.headers().add(name, value);
      }
    });
    incoming.toNetSocket()
        .onSuccess(client -> {
          Tracing.endTakenOverRequest(101);
          // Each pipe ends its destination once the source has ended and every byte before it is written:
          // closing the other side here instead would cut the last frames (a game's ended frame and its close).
          client.closeHandler(v -> exchange.release());
          upstream.closeHandler(v -> exchange.release());
          client.pipeTo(upstream);
          upstream.pipeTo(client);
          splice(client, answer);
        })
        .onFailure(err -> {
          upstream.close();
          exchange.release();
        });
  }

  /**
   * Once the pipes have taken what Vert.x already read, the bytes go from channel to channel without
   * Vert.x's streams (12-15 % of the gateway's CPU per relayed frame); the pipes still carry each
   * side's end to the other. A tunnel connection opens on the client's event loop, so both share one.
   */
  private static void splice(NetSocket client, HttpClientResponse answer) {
    if (client instanceof ConnectionBase incoming && answer.request().connection() instanceof ConnectionBase upstream) {
      ChannelSplice.join(incoming, upstream);
    }
  }
}
