package dev.vertxelastic.loadtest;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Samples the stack once a second during a load run: ready endpoints per route (from the
 * gateway) and API requests served per instance (from each instance's metrics), then writes
 * {@code timeline.csv} and {@code timeline.html} (an inline SVG chart, no outside scripts).
 */
final class ElasticityTimeline {

  /** One sample: seconds since start, ready endpoints per route, cumulative requests per instance. */
  record Sample(double t, Map<String, Integer> ready, Map<String, Long> requests) {
  }

  private final StackProbe probe;
  private final String managementUrl;
  private final String controlUrl;
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private final long start = System.nanoTime();

  ElasticityTimeline(StackProbe probe, String managementUrl, String controlUrl) {
    this.probe = probe;
    this.managementUrl = managementUrl;
    this.controlUrl = controlUrl;
  }

  double now() {
    return (System.nanoTime() - start) / 1e9;
  }

  /** Takes one sample; a failed probe is recorded as a gap, never fails the run by itself. */
  void sample() {
    try {
      Map<String, Integer> ready = probe.readyEndpoints(managementUrl);
      Map<String, Long> requests = new TreeMap<>();
      if (controlUrl != null) {
        for (JsonNode i : probe.getJson(controlUrl + "/instances").path("instances")) {
          String id = i.path("id").asText();
          requests.put(id, probe.apiRequests(i.path("url").asText()));
        }
      }
      samples.add(new Sample(now(), ready, requests));
    } catch (IOException e) {
      System.err.println("timeline sample skipped: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** Share of API requests each instance served between two times (seconds since start). */
  Map<String, Double> share(double from, double to) {
    Sample a = nearest(from);
    Sample b = nearest(to);
    Map<String, Long> served = new TreeMap<>();
    long total = 0;
    for (Map.Entry<String, Long> e : b.requests().entrySet()) {
      long n = e.getValue() - a.requests().getOrDefault(e.getKey(), 0L);
      served.put(e.getKey(), n);
      total += n;
    }
    Map<String, Double> share = new TreeMap<>();
    for (Map.Entry<String, Long> e : served.entrySet()) {
      share.put(e.getKey(), total == 0 ? 0 : e.getValue() / (double) total);
    }
    return share;
  }

  private Sample nearest(double t) {
    Sample best = samples.get(0);
    for (Sample s : samples) {
      if (Math.abs(s.t() - t) < Math.abs(best.t() - t)) {
        best = s;
      }
    }
    return best;
  }

  void write(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("timeline.csv"), csv());
      Files.writeString(dir.resolve("timeline.html"), html());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TreeSet<String> routes() {
    TreeSet<String> routes = new TreeSet<>();
    samples.forEach(s -> routes.addAll(s.ready().keySet()));
    return routes;
  }

  private TreeSet<String> instances() {
    TreeSet<String> ids = new TreeSet<>();
    samples.forEach(s -> ids.addAll(s.requests().keySet()));
    return ids;
  }

  String csv() {
    StringBuilder b = new StringBuilder("seconds");
    routes().forEach(r -> b.append(",ready_").append(r));
    instances().forEach(i -> b.append(",rps_").append(i));
    b.append('\n');
    Sample previous = null;
    for (Sample s : samples) {
      b.append(String.format(Locale.ROOT, "%.1f", s.t()));
      for (String r : routes()) {
        b.append(',').append(s.ready().getOrDefault(r, 0));
      }
      for (String i : instances()) {
        b.append(',').append(String.format(Locale.ROOT, "%.1f", rate(previous, s, i)));
      }
      b.append('\n');
      previous = s;
    }
    return b.toString();
  }

  private static double rate(Sample previous, Sample s, String instance) {
    if (previous == null || !s.requests().containsKey(instance)) {
      return 0;
    }
    long delta = s.requests().get(instance) - previous.requests().getOrDefault(instance, s.requests().get(instance));
    return Math.max(0, delta) / Math.max(0.001, s.t() - previous.t());
  }

  private String html() {
    double maxT = samples.isEmpty() ? 1 : samples.get(samples.size() - 1).t();
    List<String> series = new ArrayList<>();
    String[] colors = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"};
    int c = 0;
    StringBuilder ready = new StringBuilder();
    for (String r : routes()) {
      ready.append(polyline(maxT, 4, colors[c++ % colors.length], s -> s.ready().getOrDefault(r, 0)));
      series.add("ready " + r);
    }
    double maxRate = 1;
    Sample prev = null;
    for (Sample s : samples) {
      for (String i : instances()) {
        maxRate = Math.max(maxRate, rate(prev, s, i));
      }
      prev = s;
    }
    StringBuilder rates = new StringBuilder();
    int c2 = 0;
    for (String i : instances()) {
      rates.append(ratePolyline(maxT, maxRate, colors[c2++ % colors.length], i));
    }
    return "<!doctype html><meta charset=utf-8><title>vertx-elastic load run timeline</title>"
        + "<style>body{font-family:sans-serif;margin:2em}svg{border:1px solid #ccc;background:#fafafa}</style>"
        + "<h1>Load run timeline</h1><p>" + samples.size() + " samples over " + Math.round(maxT) + " s.</p>"
        + "<h2>Ready endpoints per route (0-4)</h2><svg width=820 height=220 viewBox='0 0 820 220'>" + ready + "</svg>"
        + legend(routes(), colors)
        + "<h2>API requests per second, per instance (0-" + Math.round(maxRate) + ")</h2>"
        + "<svg width=820 height=220 viewBox='0 0 820 220'>" + rates + "</svg>" + legend(instances(), colors)
        + "<p>Data: timeline.csv</p>";
  }

  private String polyline(double maxT, double maxY, String color, java.util.function.ToDoubleFunction<Sample> y) {
    StringBuilder points = new StringBuilder();
    for (Sample s : samples) {
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", 10 + 800 * s.t() / maxT, 210 - 200 * Math.min(1, y.applyAsDouble(s) / maxY)));
    }
    return "<polyline fill=none stroke-width=2 stroke='" + color + "' points='" + points + "'/>";
  }

  private String ratePolyline(double maxT, double maxRate, String color, String instance) {
    StringBuilder points = new StringBuilder();
    Sample prev = null;
    for (Sample s : samples) {
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", 10 + 800 * s.t() / maxT, 210 - 200 * rate(prev, s, instance) / maxRate));
      prev = s;
    }
    return "<polyline fill=none stroke-width=2 stroke='" + color + "' points='" + points + "'/>";
  }

  private static String legend(TreeSet<String> names, String[] colors) {
    StringBuilder b = new StringBuilder("<p>");
    int c = 0;
    for (String n : names) {
      b.append("<span style='color:").append(colors[c++ % colors.length]).append("'>&#9632; ").append(n).append("</span> &nbsp; ");
    }
    return b.append("</p>").toString();
  }
}
