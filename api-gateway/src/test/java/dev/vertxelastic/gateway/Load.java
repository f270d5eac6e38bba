package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Constant load through the gateway: a few loops each sending one request after the other, counting who served what. */
final class Load {

  final Map<String, AtomicLong> servedBy = new ConcurrentHashMap<>();
  final List<String> failures = new CopyOnWriteArrayList<>();
  final AtomicLong total = new AtomicLong();
  private final WebClient client;
  private final int port;
  private final String uri;
  private final HttpMethod method;
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean stopped;

  private Load(Vertx vertx, int port, HttpMethod method, String uri) {
    this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true));
    this.port = port;
    this.uri = uri;
    this.method = method;
  }

  static Load start(Vertx vertx, int port, HttpMethod method, String uri, int loops) {
    Load load = new Load(vertx, port, method, uri);
    for (int i = 0; i < loops; i++) {
      load.running.incrementAndGet();
      vertx.runOnContext(v -> load.next());
    }
    return load;
  }

  private void next() {
    if (stopped) {
      running.decrementAndGet();
      return;
    }
    client.request(method, port, "127.0.0.1", uri).send().onComplete(result -> {
      total.incrementAndGet();
      if (result.failed()) {
        failures.add(result.cause().toString());
      } else if (result.result().statusCode() != 200) {
        failures.add(result.result().statusCode() + " " + result.result().bodyAsString());
      } else {
        servedBy.computeIfAbsent(result.result().getHeader("X-Backend"), k -> new AtomicLong()).incrementAndGet();
      }
      next();
    });
  }

  long served(String backend) {
    AtomicLong n = servedBy.get(backend);
    return n == null ? 0 : n.get();
  }

  /** Counts per backend from now on. */
  void resetCounts() {
    servedBy.clear();
  }

  void stop(Vertx vertx) {
    stopped = true;
    Await.result(io.vertx.core.Future.future(p -> poll(vertx, p)));
    client.close();
  }

  private void poll(Vertx vertx, io.vertx.core.Promise<Object> done) {
    if (running.get() == 0) {
      done.complete();
    } else {
      vertx.setTimer(10, id -> poll(vertx, done));
    }
  }
}
