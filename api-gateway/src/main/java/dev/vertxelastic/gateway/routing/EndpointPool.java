package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.discovery.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * What the gateway tracks per endpoint address: its own clients (so connections belong to one
 * pod and go away with it): a keep-alive pool for HTTP requests and a separate bound for
 * WebSocket tunnels, which hold their connection for the game's life; the requests and tunnels in flight, and
 * outlier ejection: {@value #EJECT_AFTER} connect failures in a row skip the endpoint for
 * {@value #EJECTION_MILLIS} ms. An endpoint that leaves discovery keeps its client until its last
 * exchange ends, then the client is closed.
 */
final class EndpointPool {

  static final int EJECT_AFTER = 2;
  static final long EJECTION_MILLIS = 10_000;

  private final Vertx vertx;
  private final UpstreamSettings settings;
  private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();

  EndpointPool(Vertx vertx, UpstreamSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
  }

  /** One address's client and counters. */
  final class Slot {
    final String address;
    final AtomicInteger outstanding = new AtomicInteger();
    /** Exchanges ever started on this endpoint (requests and tunnels): load runs compute shares from it. */
    final AtomicLong served = new AtomicLong();
    final AtomicInteger connectFailures = new AtomicInteger();
    final AtomicInteger tunnelsOpen = new AtomicInteger();
    volatile long ejectedUntilNanos;
    volatile boolean removed;
    private final HttpClient http;
    private final HttpClient tunnels;
    private final AtomicBoolean closed = new AtomicBoolean();

    Slot(String address) {
      this.address = address;
      this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(settings.poolSize()));
      // Keep-alive only because Vert.x sends "Connection: close" otherwise, which is no upgrade; a
      // connection is never reused all the same: a tunnel's ends with it, and a refused upgrade's is closed.
      this.tunnels = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(settings.tunnelsPerEndpoint()));
    }

    /** The pooled client of HTTP requests. */
    HttpClient http() {
      return http;
    }

    /** The client of WebSocket upgrades: one connection per tunnel, at most {@code GATEWAY_TUNNELS_PER_ENDPOINT}. */
    HttpClient tunnels() {
      return tunnels;
    }

    boolean ejected() {
      return ejectedUntilNanos - System.nanoTime() > 0;
    }

    void connectFailed() {
      if (connectFailures.incrementAndGet() >= EJECT_AFTER) {
        ejectedUntilNanos = System.nanoTime() + EJECTION_MILLIS * 1_000_000;
      }
    }

    void connected() {
      connectFailures.set(0);
      ejectedUntilNanos = System.nanoTime();
    }

    /** Counts one exchange in flight until the returned handle is released (once). */
    Runnable lease() {
      served.incrementAndGet();
      outstanding.incrementAndGet();
      AtomicBoolean released = new AtomicBoolean();
      return () -> {
        if (released.compareAndSet(false, true) && outstanding.decrementAndGet() == 0 && removed) {
          closeIfIdle();
        }
      };
    }

    /** Like {@link #lease()} for a tunnel, counted against the endpoint's tunnel bound; null when that is reached. */
    Runnable tunnelLease() {
      if (tunnelsOpen.incrementAndGet() > settings.tunnelsPerEndpoint()) {
        tunnelsOpen.decrementAndGet();
        return null;
      }
      Runnable exchange = lease();
      AtomicBoolean released = new AtomicBoolean();
      return () -> {
        if (released.compareAndSet(false, true)) {
          tunnelsOpen.decrementAndGet();
          exchange.run();
        }
      };
    }

    private Future<Void> close() {
      return Future.join(http.close(), tunnels.close()).mapEmpty();
    }

    private void closeIfIdle() {
      if (removed && outstanding.get() == 0 && closed.compareAndSet(false, true)) {
        slots.remove(address, this);
        close();
      }
    }

  }

  Slot of(Endpoint endpoint) {
    Slot slot = slots.computeIfAbsent(endpoint.address(), Slot::new);
    if (slot.closed.get()) {
      // Lost a race with its close: start afresh.
      slots.remove(endpoint.address(), slot);
      return of(endpoint);
    }
    return slot;
  }

  /** Requests and tunnels in flight to {@code endpoint}. */
  int outstanding(Endpoint endpoint) {
    Slot slot = slots.get(endpoint.address());
    return slot == null ? 0 : slot.outstanding.get();
  }

  /** Exchanges started on {@code endpoint} since its slot was created. */
  long served(Endpoint endpoint) {
    Slot slot = slots.get(endpoint.address());
    return slot == null ? 0 : slot.served.get();
  }

  boolean ejected(Endpoint endpoint) {
    Slot slot = slots.get(endpoint.address());
    return slot != null && slot.ejected();
  }

  /** {@code ready}, {@code terminating} (serving, takes no new work), {@code not_ready} or {@code ejected}. */
  String state(Endpoint endpoint) {
    Slot slot = slots.get(endpoint.address());
    if (slot != null && slot.ejected()) {
      return "ejected";
    }
    return endpoint.ready() ? "ready" : endpoint.serving() ? "terminating" : "not_ready";
  }

  /** Keeps the slots of {@code current} endpoints; the others close once their last exchange ends. */
  void retain(Collection<Endpoint> current) {
    Set<String> live = current.stream().map(Endpoint::address).collect(Collectors.toSet());
    for (Slot slot : new ArrayList<>(slots.values())) {
      slot.removed = !live.contains(slot.address);
      if (slot.removed) {
        slot.closeIfIdle();
      }
    }
  }

  Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    slots.values().forEach(slot -> closing.add(slot.close()));
    slots.clear();
    return Future.join(closing).mapEmpty();
  }
}
