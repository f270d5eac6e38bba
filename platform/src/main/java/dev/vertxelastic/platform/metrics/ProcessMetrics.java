package dev.vertxelastic.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;

/** Vert.x's Micrometer metrics of one process, with the HTTP servers' requests counted by {@link ServerRequestMeters}. */
final class ProcessMetrics implements VertxMetrics {

  private final VertxMetrics micrometer;
  private final ServerRequestMeters requests;

  ProcessMetrics(VertxMetrics micrometer, MeterRegistry registry, MicrometerMetricsOptions options) {
    this.micrometer = micrometer;
    String base = "vertx." + MetricsDomain.HTTP_SERVER.toCategory() + ".";
    this.requests = new ServerRequestMeters(registry, options.getMetricsNaming().withBaseName(base), options.getLabels());
  }

  @Override
  public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options, SocketAddress localAddress) {
    HttpServerMetrics<?, ?, ?> server = micrometer.createHttpServerMetrics(options, localAddress);
    return server == null ? null : requests.server(server);
  }

  @Override
  public EventBusMetrics createEventBusMetrics() {
    return micrometer.createEventBusMetrics();
  }

  @Override
  public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type, String namespace) {
    return micrometer.createClientMetrics(remoteAddress, type, namespace);
  }

  @Override
  public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions options) {
    return micrometer.createHttpClientMetrics(options);
  }

  @Override
  public TCPMetrics<?> createNetServerMetrics(NetServerOptions options, SocketAddress localAddress) {
    return micrometer.createNetServerMetrics(options, localAddress);
  }

  @Override
  public TCPMetrics<?> createNetClientMetrics(NetClientOptions options) {
    return micrometer.createNetClientMetrics(options);
  }

  @Override
  public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
    return micrometer.createDatagramSocketMetrics(options);
  }

  @Override
  public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
    return micrometer.createPoolMetrics(type, name, maxSize);
  }

  @Override
  public void vertxCreated(Vertx vertx) {
    micrometer.vertxCreated(vertx);
  }

  @Override
  public boolean isMetricsEnabled() {
    return micrometer.isMetricsEnabled();
  }

  @Override
  public void close() {
    micrometer.close();
  }
}
