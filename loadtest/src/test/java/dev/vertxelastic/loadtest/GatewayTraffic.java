package dev.vertxelastic.loadtest;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's own count of public API traffic, read from its Prometheus scrape: requests
 * ({@code /api} and {@code /ws} routes), server errors (5xx), and the cumulative response-time
 * histogram of the {@code /api} routes. Two readings subtract into the traffic of a time window,
 * whose p95/p99 are estimated from the buckets the way PromQL's {@code histogram_quantile} does.
 */
record GatewayTraffic(long requests, long serverErrors, NavigableMap<Double, Long> buckets) {

  static final GatewayTraffic NONE = new GatewayTraffic(0, 0, new TreeMap<>());
  private static final Pattern SERIES = Pattern.compile("^(\\w+)\\{([^}]*)} ([0-9.eE+-]+|NaN)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  GatewayTraffic {
    buckets = new TreeMap<>(buckets);
  }

  static GatewayTraffic parse(String scrape) {
    long requests = 0;
    long errors = 0;
    NavigableMap<Double, Long> buckets = new TreeMap<>();
    for (String line : scrape.split("\n")) {
      Matcher m = SERIES.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = labels(m.group(2));
      String route = labels.getOrDefault("route", "");
      long value = (long) Double.parseDouble(m.group(3));
      if (m.group(1).equals("vertx_http_server_requests_total") && (route.startsWith("/api") || route.startsWith("/ws"))) {
        requests += value;
        errors += labels.getOrDefault("code", "").startsWith("5") ? value : 0;
      } else if (m.group(1).equals("vertx_http_server_response_time_seconds_bucket") && route.startsWith("/api")) {
        String le = labels.get("le");
        buckets.merge(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), value, Long::sum);
      }
    }
    return new GatewayTraffic(requests, errors, buckets);
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new TreeMap<>();
    Matcher m = LABEL.matcher(text);
    while (m.find()) {
      labels.put(m.group(1), m.group(2));
    }
    return labels;
  }

  /** The traffic between an earlier reading and this one (counters that went back count from zero). */
  GatewayTraffic since(GatewayTraffic earlier) {
    if (requests < earlier.requests) {
      return this;
    }
    NavigableMap<Double, Long> delta = new TreeMap<>();
    buckets.forEach((le, n) -> delta.put(le, Math.max(0, n - earlier.buckets.getOrDefault(le, 0L))));
    return new GatewayTraffic(requests - earlier.requests, serverErrors - earlier.serverErrors, delta);
  }

  /** This traffic and another one together (two gateway pods, two windows). */
  GatewayTraffic plus(GatewayTraffic other) {
    NavigableMap<Double, Long> sum = new TreeMap<>(buckets);
    other.buckets.forEach((le, n) -> sum.merge(le, n, Long::sum));
    return new GatewayTraffic(requests + other.requests, serverErrors + other.serverErrors, sum);
  }

  /** The q-quantile of the response time in milliseconds (linear within a bucket); NaN without traffic. */
  double quantileMillis(double q) {
    Long total = buckets.get(Double.POSITIVE_INFINITY);
    if (total == null || total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double lower = 0;
    long below = 0;
    for (Map.Entry<Double, Long> b : buckets.entrySet()) {
      if (b.getValue() >= rank) {
        if (b.getKey().isInfinite()) {
          return lower * 1000;
        }
        long inBucket = b.getValue() - below;
        double fraction = inBucket == 0 ? 1 : (rank - below) / inBucket;
        return (lower + (b.getKey() - lower) * fraction) * 1000;
      }
      lower = b.getKey();
      below = b.getValue();
    }
    return lower * 1000;
  }
}
