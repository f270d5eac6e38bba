package dev.vertxelastic.localstack;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local stand-in for the gateway Service's kube-proxy: it balances TCP connections (not
 * requests) round-robin over the gateways in rotation and pipes their bytes. A gateway taken out of
 * rotation gets no new connection; the ones it has (keep-alive, game tunnels) carry on until either
 * side closes them.
 */
final class GatewayFront {

  /** A gateway in rotation: where its public port is. */
  private record Target(String id, int port) {
  }

  private final Vertx vertx;
  private final List<Target> rotation = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger();
  private volatile int port = -1;

  GatewayFront(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Listens on {@code port} (0: ephemeral) with one acceptor per event loop, as kube-proxy spreads over the kernel's. */
  Future<Void> listen(int port, int eventLoops) {
    return vertx.deployVerticle(() -> new Acceptor(port), new DeploymentOptions().setInstances(eventLoops)).mapEmpty();
  }

  int port() {
    return port;
  }

  void add(String id, int gatewayPort) {
    open.putIfAbsent(id, new AtomicInteger());
    rotation.add(new Target(id, gatewayPort));
  }

  /** Takes a gateway out of rotation, as its endpoint turning terminating does: no new connection goes there. */
  void remove(String id) {
    rotation.removeIf(t -> t.id().equals(id));
  }

  /** Connections to {@code id} the front still pipes. */
  int openConnections(String id) {
    AtomicInteger n = open.get(id);
    return n == null ? 0 : n.get();
  }

  private Target pick() {
    List<Target> targets = List.copyOf(rotation);
    return targets.isEmpty() ? null : targets.get(Math.floorMod(next.getAndIncrement(), targets.size()));
  }

  /** One acceptor: its connections, and the connections it opens to gateways, live on its event loop. */
  private final class Acceptor extends VerticleBase {

    private final int listenPort;
    private NetClient client;

    Acceptor(int listenPort) {
      this.listenPort = listenPort;
    }

    @Override
    public Future<?> start() {
      client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(2_000));
      NetServer server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true)).connectHandler(this::accept);
      return server.listen(listenPort).onSuccess(s -> port = s.actualPort());
    }

    private void accept(NetSocket downstream) {
      downstream.pause();
      connect(downstream, rotation.size());
    }

    /** A gateway that refuses (stopped between pick and connect) is skipped, as kube-proxy's endpoints would be. */
    private void connect(NetSocket downstream, int attempts) {
      Target target = pick();
      if (target == null) {
        downstream.close();
        return;
      }
      client.connect(target.port(), "127.0.0.1").onSuccess(upstream -> {
        AtomicInteger count = open.get(target.id());
        count.incrementAndGet();
        upstream.closeHandler(v -> count.decrementAndGet());
        // Each pipe ends the other side after the last byte: a game's ended frame and close get through.
        downstream.pipeTo(upstream);
        upstream.pipeTo(downstream);
      }).onFailure(err -> {
        if (attempts > 1) {
          connect(downstream, attempts - 1);
        } else {
          downstream.close();
        }
      });
    }
  }
}
