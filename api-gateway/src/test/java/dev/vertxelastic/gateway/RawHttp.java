package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;

/** Bytes on a raw TCP connection to a server on loopback: what no HTTP client would send. */
final class RawHttp {

  private RawHttp() {
  }

  /** Sends {@code request} on a new connection; everything the server sends until it closes the connection (waits at most 15 s). */
  static String exchange(Vertx vertx, int port, String request) {
    NetClient client = vertx.createNetClient();
    try {
      return Await.result(client.connect(port, "127.0.0.1").compose(socket -> {
        Buffer received = Buffer.buffer();
        Promise<String> closed = Promise.promise();
        socket.handler(received::appendBuffer);
        socket.closeHandler(v -> closed.complete(received.toString()));
        return socket.write(request).compose(v -> closed.future());
      }));
    } finally {
      client.close();
    }
  }

  /** Opens a connection that sends nothing; completes when the server closes it. */
  static Future<Void> idleUntilClosed(NetClient client, int port) {
    return client.connect(port, "127.0.0.1").compose(socket -> {
      Promise<Void> closed = Promise.promise();
      socket.handler(b -> { });
      socket.closeHandler(v -> closed.complete());
      return closed.future();
    });
  }
}
