package dev.vertxelastic.edu;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a database server that can go silent: sockets stay open but no byte gets
 * through in either direction (a network partition, a hung server), then cut every connection and
 * forward again (the partition heals with connection resets).
 */
final class SilentProxy {

  private final NetClient client;
  private final int targetPort;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean silent;
  private NetServer server;

  private SilentProxy(Vertx vertx, int targetPort) {
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2000));
    this.targetPort = targetPort;
  }

  static Future<SilentProxy> start(Vertx vertx, int targetPort) {
    SilentProxy proxy = new SilentProxy(vertx, targetPort);
    return vertx.createNetServer().connectHandler(proxy::accept).listen(0, "127.0.0.1").map(server -> {
      proxy.server = server;
      return proxy;
    });
  }

  int port() {
    return server.actualPort();
  }

  /** From now on nothing passes; connections stay open and new ones are accepted but never answered. */
  void silence() {
    silent = true;
  }

  /** Closes every connection, then forwards new ones again. */
  void cut() {
    sockets.forEach(NetSocket::close);
    sockets.clear();
    silent = false;
  }

  private void accept(NetSocket downstream) {
    sockets.add(downstream);
    if (silent) {
      downstream.handler(ignored -> { });
      return;
    }
    downstream.pause();
    client.connect(targetPort, "127.0.0.1").onComplete(connected -> {
      if (connected.failed()) {
        downstream.close();
        return;
      }
      NetSocket upstream = connected.result();
      sockets.add(upstream);
      downstream.handler(data -> {
        if (!silent) {
          upstream.write(data);
        }
      });
      upstream.handler(data -> {
        if (!silent) {
          downstream.write(data);
        }
      });
      downstream.closeHandler(v -> upstream.close());
      upstream.closeHandler(v -> downstream.close());
      downstream.resume();
    });
  }

  Future<Void> close() {
    cut();
    return server.close().compose(v -> client.close());
  }
}
