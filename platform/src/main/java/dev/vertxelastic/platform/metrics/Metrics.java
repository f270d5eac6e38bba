package dev.vertxelastic.platform.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
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

  /** The prefix of Vert.x's pool meters (worker pools, SQL pools), in Micrometer's naming. */
  private static final String POOL_METERS = "vertx.pool.";

  /**
   * JVM gauges that Vert.x's JVM metrics bind and that cost more to read than the rest of a scrape's
   * rendering together: in a container the JDK reads and parses the cgroup's CPU files for each
   * reading of the two CPU loads, and Micrometer takes a {@code ThreadInfo} of every thread once per
   * thread state (80 % of the scrape worker's time in an idle game instance). The CPU is
   * {@code process_cpu_time_ns_total} (a counter, for {@code rate()}), a pod's from the kubelet; thread
   * counts stay ({@code jvm_threads_live_threads}).
   */
  private static final Set<String> COSTLY_GAUGES = Set.of("process.cpu.usage", "system.cpu.usage", "jvm.threads.states");

  private Metrics() {
  }

  /** The process's metrics options, without the Vert.x meters of {@code disabled} (e.g. a client's per-request timers). */
  public static MicrometerMetricsOptions options(String registryName, Set<MetricsDomain> disabled) {
    MicrometerMetricsOptions options = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(registryName)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME))
        // Histogram buckets come from the registry's filter (timers only, see factory()), not from
        // publishQuantiles, which gives every summary of bytes 70 buckets per label set as well.
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(false));
    disabled.forEach(options::addDisabledMetricsCategory);
    return options;
  }

  /**
   * The metrics factory of one process: a Prometheus registry whose timers all publish histogram
   * buckets (vertx_http_server_response_time_seconds_bucket, ...: the p99-by-route panels, the
   * latency SLO alert and the per-phase load reports need them); summaries of sizes keep their
   * count, sum and max only, so that a scrape stays small (a busy game instance's was 326 KB, two
   * thirds of it buckets of byte counts nothing reads). The HTTP servers' per-request meters are
   * kept once looked up ({@link ServerRequestMeters}).
   */
  public static VertxMetricsFactory factory() {
    PrometheusMeterRegistry registry = prometheusRegistry();
    MicrometerMetricsFactory micrometer = new MicrometerMetricsFactory(registry);
    return new VertxMetricsFactory() {
      @Override
      public VertxMetrics metrics(VertxOptions options) {
        // Micrometer's factory gives the options as MicrometerMetricsOptions, whatever they came as.
        MicrometerMetricsOptions micrometerOptions = (MicrometerMetricsOptions) micrometer.newOptions(options.getMetricsOptions());
        return new ProcessMetrics(micrometer.metrics(options), registry, micrometerOptions);
      }

      @Override
      public MetricsOptions newOptions() {
        return micrometer.newOptions();
      }

      @Override
      public MetricsOptions newOptions(MetricsOptions options) {
        return micrometer.newOptions(options);
      }

      @Override
      public MetricsOptions newOptions(JsonObject json) {
        return micrometer.newOptions(json);
      }
    };
  }

  /**
   * A Prometheus registry whose timers publish histogram buckets, except Vert.x's pool timers
   * ({@code vertx_pool_usage_seconds}, {@code vertx_pool_queue_time_seconds}): nothing reads their buckets
   * (the pool alerts and panels read {@code vertx_pool_ratio} and {@code vertx_pool_queue_pending}), and
   * they were 276 of a busy game instance's 1,221 lines. Without the JVM gauges of {@link #COSTLY_GAUGES}.
   */
  static PrometheusMeterRegistry prometheusRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(MeterFilter.deny(id -> COSTLY_GAUGES.contains(id.getName())));
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        return id.getType() == Meter.Type.TIMER && !id.getName().startsWith(POOL_METERS)
            ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config)
            : config;
      }
    });
    return registry;
  }

  /** The registry of a running process, for its own meters. */
  public static MeterRegistry registry(String registryName) {
    MeterRegistry registry = BackendRegistries.getNow(registryName);
    if (registry == null) {
      throw new IllegalStateException("no metrics registry named " + registryName + ": was Vert.x built with Metrics.options?");
    }
    return registry;
  }

  /**
   * {@code GET /metrics} in the Prometheus text format, rendered off the event loop; {@code publish} runs
   * on the event loop before each rendering, for gauges that report event-loop state; {@code ?name[]=} selects
   * metric families (see {@link ScrapeHandler}).
   * One handler per server: it must be called on one event loop.
   */
  public static Handler<RoutingContext> scrapeHandler(String registryName, Runnable publish) {
    if (!(registry(registryName) instanceof PrometheusMeterRegistry prometheus)) {
      throw new IllegalStateException("the metrics registry " + registryName + " is not a Prometheus registry: was Vert.x built with Metrics.factory?");
    }
    return new ScrapeHandler(prometheus, publish);
  }
}
