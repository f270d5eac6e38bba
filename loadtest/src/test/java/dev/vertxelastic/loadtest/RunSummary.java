package dev.vertxelastic.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code summary.json} of a load run: totals, the figures per phase (gateway traffic and the
 * users who started in it), and per component how replicas followed the load: the replicas at
 * the start, the peak, and how long after the load step (the start of the ramp) the first
 * scale-up was seen.
 */
final class RunSummary {

  private final ElasticityTimeline timeline;
  private final UserOutcomes outcomes;
  private final Phases phases;

  RunSummary(ElasticityTimeline timeline, UserOutcomes outcomes, Phases phases) {
    this.timeline = timeline;
    this.outcomes = outcomes;
    this.phases = phases;
  }

  ObjectNode json(String mode) {
    ObjectNode summary = new ObjectMapper().createObjectNode().put("mode", mode);
    List<ElasticityTimeline.Sample> samples = timeline.samples();
    GatewayTraffic total = samples.isEmpty() ? GatewayTraffic.NONE
        : samples.get(samples.size() - 1).traffic().since(samples.get(0).traffic());
    UserOutcomes.Counts users = outcomes.total();
    summary.put("requests", total.requests()).put("serverErrors", total.serverErrors())
        .put("users", users.users()).put("failedUsers", users.failed()).put("gamesCut", users.gamesCut());
    Map<String, UserOutcomes.Counts> byPhase = outcomes.byPhase();
    for (ElasticityTimeline.PhaseStats p : timeline.phaseStats()) {
      UserOutcomes.Counts c = byPhase.getOrDefault(p.phase().name(), new UserOutcomes.Counts(0, 0, 0));
      ObjectNode phase = summary.withArray("phases").addObject()
          .put("name", p.phase().name()).put("fromSeconds", p.phase().from()).put("toSeconds", p.phase().to())
          .put("requests", p.requests()).put("requestsPerSecond", round(p.perSecond())).put("serverErrors", p.serverErrors())
          .put("p95Ms", round(p.p95Ms())).put("p99Ms", round(p.p99Ms()))
          .put("users", c.users()).put("failedUsers", c.failed()).put("gamesCut", c.gamesCut());
      ObjectNode share = phase.putObject("share");
      p.share().forEach((instance, v) -> share.put(instance, Math.round(v * 1000) / 1000.0));
    }
    double loadStep = phases.start("ramp");
    double drop = phases.start("ramp-down");
    ObjectNode replicas = summary.putObject("replicas");
    for (String component : timeline.components()) {
      int initial = -1;
      int peak = 0;
      int peakDesired = 0;
      int last = 0;
      double firstUp = -1;
      double firstDown = -1;
      for (ElasticityTimeline.Sample s : samples) {
        Replicas r = s.replicas().get(component);
        if (r == null) {
          continue;
        }
        initial = initial < 0 ? r.current() : initial;
        peak = Math.max(peak, r.current());
        peakDesired = Math.max(peakDesired, r.desired());
        if (firstUp < 0 && r.current() > initial) {
          firstUp = s.t();
        }
        if (firstDown < 0 && drop >= 0 && s.t() >= drop && r.desired() < peak) {
          firstDown = s.t();
        }
        last = r.current();
      }
      replicas.putObject(component).put("initial", initial).put("peak", peak).put("peakDesired", peakDesired).put("final", last)
          .put("scaleUpAfterLoadStepSeconds", firstUp < 0 || loadStep < 0 ? null : round(firstUp - loadStep))
          .put("scaleDownAfterDropSeconds", firstDown < 0 ? null : round(firstDown - drop));
    }
    return summary;
  }

  /** The summary as a few readable lines on standard output. */
  static void print(JsonNode summary) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "%n== load run (%s): %d requests at the gateway, %d server errors; %d users, %d with a failure; games cut: %d%n",
        summary.path("mode").asText(), summary.path("requests").asLong(), summary.path("serverErrors").asLong(),
        summary.path("users").asLong(), summary.path("failedUsers").asLong(), summary.path("gamesCut").asLong()));
    b.append(String.format(Locale.ROOT, "%-10s %9s %8s %8s %5s %8s %8s %6s %7s  %s%n",
        "phase", "from-to s", "requests", "req/s", "5xx", "p95 ms", "p99 ms", "users", "failed", "share per instance"));
    for (JsonNode p : summary.path("phases")) {
      StringBuilder share = new StringBuilder();
      p.path("share").fields().forEachRemaining(e -> share.append(String.format(Locale.ROOT, "%s %.0f%%  ", e.getKey(), e.getValue().asDouble() * 100)));
      b.append(String.format(Locale.ROOT, "%-10s %4.0f-%-4.0f %8d %8.1f %5d %8s %8s %6d %7d  %s%n",
          p.path("name").asText(), p.path("fromSeconds").asDouble(), p.path("toSeconds").asDouble(), p.path("requests").asLong(),
          p.path("requestsPerSecond").asDouble(), p.path("serverErrors").asLong(), p.path("p95Ms").asText(), p.path("p99Ms").asText(),
          p.path("users").asLong(), p.path("failedUsers").asLong(), share));
    }
    summary.path("replicas").fields().forEachRemaining(e -> b.append(String.format(Locale.ROOT,
        "replicas %-8s initial %d, peak %d (desired peak %d), final %d; first scale-up %s s after the load step, first scale-down %s s after the drop%n",
        e.getKey(), e.getValue().path("initial").asInt(), e.getValue().path("peak").asInt(), e.getValue().path("peakDesired").asInt(),
        e.getValue().path("final").asInt(), seconds(e.getValue().path("scaleUpAfterLoadStepSeconds")),
        seconds(e.getValue().path("scaleDownAfterDropSeconds")))));
    System.out.print(b);
  }

  private static String seconds(JsonNode n) {
    return n.isNull() || n.isMissingNode() ? "never" : n.asText();
  }

  /** To one decimal; NaN stays NaN. */
  static double round(double v) {
    return Double.isNaN(v) ? Double.NaN : Math.round(v * 10) / 10.0;
  }
}
