package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetSocket;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The byte tunnel behind a proxied WebSocket upgrade. vertx-http-proxy 5.0.7 attaches its handler
 * to the upstream socket only after the client side has switched protocols, so a frame the
 * backend sends right behind its 101 (the game's {@code welcome}) is dropped. Here the upstream
 * socket is paused the moment the 101 arrives and resumed once both sides are piped.
 */
final class WebSocketTunnel {

  private WebSocketTunnel() {
  }

  /** Called as the upstream answer arrives (same event-loop turn): holds an upgraded socket's bytes. */
  static void hold(ProxyContext proxy, ProxyResponse response) {
    if (isUpgrade(proxy, response)) {
      response.proxiedResponse().netSocket().pause();
    }
  }

  static boolean isUpgrade(ProxyContext proxy, ProxyResponse response) {
    return proxy.isWebSocket() && response.getStatusCode() == 101 && response.proxiedResponse() != null;
  }

  /** Answers the client with the upstream's 101 and pipes both ways, with back-pressure; {@code closed} runs when either side closes. */
  static Future<Void> open(ProxyContext proxy, Runnable closed) {
    HttpClientResponse upstreamResponse = proxy.response().proxiedResponse();
    NetSocket upstream = upstreamResponse.netSocket();
    HttpServerRequest incoming = proxy.request().proxiedRequest();
    HttpServerResponse response = incoming.response();
    response.setStatusCode(101);
    response.headers().addAll(proxy.response().headers());
    return incoming.toNetSocket()
        .onSuccess(client -> {
          Tracing.endTakenOverRequest(101);
          client.closeHandler(v -> closed.run());
          upstream.closeHandler(v -> closed.run());
          client.pipeTo(upstream);
          upstream.pipeTo(client);
        })
        .onFailure(err -> {
          closed.run();
          upstream.close();
        })
        .mapEmpty();
  }
}
