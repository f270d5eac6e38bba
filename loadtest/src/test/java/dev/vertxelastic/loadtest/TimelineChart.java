package dev.vertxelastic.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/**
 * {@code timeline.html}: a self-contained page (inline SVG, no scripts, nothing fetched) with the
 * load and p99 at the gateway, replicas per component, exchanges per instance, all over time with
 * the phases shaded, and the per-phase table.
 */
final class TimelineChart {

  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"};
  private static final int W = 860;
  private static final int H = 200;
  private static final int LEFT = 50;
  private final ElasticityTimeline timeline;
  private final List<ElasticityTimeline.Sample> samples;
  private final double maxT;
  /** Per sample: requests per second and p99 (ms) over the last 5 s. */
  private final double[][] load;

  TimelineChart(ElasticityTimeline timeline) {
    this.timeline = timeline;
    this.samples = timeline.samples();
    this.maxT = samples.isEmpty() ? 1 : Math.max(1, samples.get(samples.size() - 1).t());
    this.load = new double[samples.size()][];
    for (int i = 0; i < samples.size(); i++) {
      load[i] = timeline.loadAt(i, 5);
    }
  }

  /** One line of a panel: its label, colour, dash pattern and value at each sample (NaN = gap). */
  private record Line(String label, String color, String dash, IntToDoubleFunction y) {
  }

  String html() {
    StringBuilder page = new StringBuilder("<!doctype html><html lang=en><meta charset=utf-8><title>vertx-elastic load run timeline</title>"
        + "<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}svg{background:#fafafa;border:1px solid #ddd}"
        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}th{background:#eee}"
        + ".legend span{margin-right:1.2em}</style><h1>Load run timeline</h1>");
    page.append(String.format(Locale.ROOT, "<p>%d samples over %.0f s. Shaded bands are the load phases; red dashed marks the run's own actions.</p>", samples.size(), maxT));
    if (!timeline.events().isEmpty()) {
      page.append("<ul>");
      timeline.events().forEach(e -> page.append(String.format(Locale.ROOT, "<li>%.0f s: %s</li>", e.t(), escape(e.what()))));
      page.append("</ul>");
    }

    double maxRps = 1;
    double maxP99 = 1;
    for (double[] l : load) {
      maxRps = Math.max(maxRps, l[0]);
      maxP99 = Double.isNaN(l[1]) ? maxP99 : Math.max(maxP99, l[1]);
    }
    double rpsScale = maxRps;
    double p99Scale = maxP99;
    double playerScale = Math.max(1, samples.stream().mapToInt(ElasticityTimeline.Sample::players).max().orElse(1));
    page.append(panel("Load at the gateway: requests/s (0-" + round(maxRps) + "), p99 over 5 s (0-" + round(maxP99)
        + " ms), players in a game (0-" + round(playerScale) + ")", List.of(
        new Line("requests/s", COLORS[0], "", i -> load[i][0] / rpsScale),
        new Line("p99 ms", COLORS[1], "", i -> load[i][1] / p99Scale),
        new Line("players in a game", COLORS[2], "4 2", i -> samples.get(i).players() / playerScale))));

    List<Line> replicas = new ArrayList<>();
    int maxReplicas = 1;
    for (ElasticityTimeline.Sample s : samples) {
      for (Replicas r : s.replicas().values()) {
        maxReplicas = Math.max(maxReplicas, Math.max(r.current(), Math.max(r.desired(), r.ready())));
      }
    }
    int c = 0;
    double scale = maxReplicas + 1;
    for (String component : timeline.components()) {
      // Each component a little higher than the previous one, so equal counts don't hide each other.
      double lift = 0.08 * c;
      String color = COLORS[c++ % COLORS.length];
      replicas.add(new Line(component + " current", color, "", i -> (value(i, component, 0) + lift) / scale));
      replicas.add(new Line(component + " desired", color, "6 4", i -> (value(i, component, 1) + lift) / scale));
      replicas.add(new Line(component + " ready", color, "2 3", i -> (value(i, component, 2) + lift) / scale));
    }
    page.append(panel("Replicas per component (0-" + (maxReplicas + 1) + "): current, desired (dashed), ready (dotted)", replicas));

    double maxServed = 1;
    for (int i = 0; i < samples.size(); i++) {
      for (String instance : timeline.instances()) {
        maxServed = Math.max(maxServed, timeline.servedRate(i, instance));
      }
    }
    List<Line> served = new ArrayList<>();
    c = 0;
    double servedScale = maxServed;
    for (String instance : timeline.instances()) {
      served.add(new Line(instance, COLORS[c++ % COLORS.length], "", i -> timeline.servedRate(i, instance) / servedScale));
    }
    page.append(panel("Exchanges per second each instance served, as the gateway counts them (0-" + round(maxServed) + ")", served));
    return page.append(phaseTable()).append("<p>Data: timeline.csv, summary.json.</p></html>").toString();
  }

  private double value(int i, String component, int which) {
    Replicas r = samples.get(i).replicas().get(component);
    if (r == null) {
      return Double.NaN;
    }
    return which == 0 ? r.current() : which == 1 ? r.desired() : r.ready();
  }

  private String panel(String title, List<Line> lines) {
    StringBuilder svg = new StringBuilder("<h2>").append(escape(title)).append("</h2>")
        .append(String.format(Locale.ROOT, "<svg width=%d height=%d viewBox='0 0 %d %d' role=img aria-label='%s'>", W, H + 20, W, H + 20, escape(title)));
    int band = 0;
    for (Phases.Phase p : timeline.phases().all()) {
      double x0 = x(p.from());
      double x1 = x(Math.min(p.to(), maxT));
      svg.append(String.format(Locale.ROOT, "<rect x=%.1f y=0 width=%.1f height=%d fill='%s'/><text x=%.1f y=12 font-size=11 fill='#666'>%s</text>",
          x0, Math.max(0, x1 - x0), H, band++ % 2 == 0 ? "#eef3fb" : "#f7f7f7", x0 + 3, escape(p.name())));
    }
    for (ElasticityTimeline.Event e : timeline.events()) {
      // The run's own actions (rollout restart, forced delete) as red marks, their text on hover.
      svg.append(String.format(Locale.ROOT, "<line x1=%.1f x2=%.1f y1=14 y2=%d stroke='#d62728' stroke-dasharray='3 3'><title>%s</title></line>",
          x(e.t()), x(e.t()), H, escape(String.format(Locale.ROOT, "%.0f s: %s", e.t(), e.what()))));
    }
    for (int s = 0; s <= maxT; s += maxT > 600 ? 120 : 30) {
      svg.append(String.format(Locale.ROOT, "<text x=%.1f y=%d font-size=10 fill='#666'>%ds</text>", x(s), H + 14, s));
    }
    for (Line line : lines) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < samples.size(); i++) {
        double v = line.y().applyAsDouble(i);
        if (!Double.isNaN(v)) {
          points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(samples.get(i).t()), H - 4 - (H - 20) * Math.min(1, Math.max(0, v))));
        }
      }
      svg.append("<polyline fill=none stroke-width=2 stroke='").append(line.color()).append("' stroke-dasharray='")
          .append(line.dash()).append("' points='").append(points).append("'/>");
    }
    svg.append("</svg><p class=legend>");
    for (Line line : lines) {
      svg.append("<span style='color:").append(line.color()).append("'>&#9632; ").append(escape(line.label())).append("</span>");
    }
    return svg.append("</p>").toString();
  }

  private String phaseTable() {
    StringBuilder t = new StringBuilder("<h2>Per phase, at the gateway</h2><table><tr><th>phase</th><th>from-to s</th><th>requests</th>"
        + "<th>req/s</th><th>5xx</th><th>p95 ms</th><th>p99 ms</th><th style='text-align:left'>share per instance (within its service)</th></tr>");
    for (ElasticityTimeline.PhaseStats p : timeline.phaseStats()) {
      StringBuilder share = new StringBuilder();
      p.share().forEach((instance, s) -> share.append(String.format(Locale.ROOT, "%s %.0f%% &nbsp; ", escape(instance), s * 100)));
      t.append(String.format(Locale.ROOT, "<tr><td style='text-align:left'>%s</td><td>%.0f-%.0f</td><td>%d</td><td>%.1f</td><td>%d</td><td>%s</td><td>%s</td><td style='text-align:left'>%s</td></tr>",
          escape(p.phase().name()), p.phase().from(), p.phase().to(), p.requests(), p.perSecond(), p.serverErrors(),
          round(p.p95Ms()), round(p.p99Ms()), share));
    }
    return t.append("</table>").toString();
  }

  private double x(double t) {
    return LEFT + (W - LEFT - 10) * t / maxT;
  }

  static String round(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
  }
}
