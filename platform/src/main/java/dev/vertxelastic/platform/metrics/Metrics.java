package dev.vertxelastic.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.EnumSet;
import java.util.Set;

/**
 * Prometheus metrics of one process: Vert.x HTTP metrics (with the {@code route} label), JVM
 * metrics, and the service's own meters. Each process (each instance in the local stack) has a
 * registry of its own, named after it.
 */
public final class Metrics {

  private Metrics() {
  }

  /** The process's metrics options, without the Vert.x meters of {@code disabled} (e.g. a client's per-request timers). */
  public static MicrometerMetricsOptions options(String registryName, Set<MetricsDomain> disabled) {
    MicrometerMetricsOptions options = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(registryName)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME))
        // Histogram buckets for Vert.x timers (vertx_http_server_response_time_seconds_bucket, ...):
        // the p99-by-route panels, the latency SLO alert and the per-phase load reports need them.
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true));
    disabled.forEach(options::addDisabledMetricsCategory);
    return options;
  }

  /** The registry of a running process, for its own meters. */
  public static MeterRegistry registry(String registryName) {
    MeterRegistry registry = BackendRegistries.getNow(registryName);
    if (registry == null) {
      throw new IllegalStateException("no metrics registry named " + registryName + ": was Vert.x built with Metrics.options?");
    }
    return registry;
  }

  /** {@code GET /metrics} in the Prometheus text format. */
  public static Handler<RoutingContext> scrapeHandler(String registryName) {
    return PrometheusScrapingHandler.create(registryName);
  }
}
