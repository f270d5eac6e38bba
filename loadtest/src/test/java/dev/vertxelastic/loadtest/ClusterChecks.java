package dev.vertxelastic.loadtest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a cluster run must show beyond Gatling's counts, read from the timeline's pod samples:
 * new pods take traffic at once (share of their service within {@link #WINDOW_SECONDS} of Ready),
 * and pods leave in the right order (deletion cost) and only after their drain.
 */
final class ClusterChecks {

  /** A new pod must serve at least {@link #MIN_SHARE} of its service's exchanges this soon after Ready. */
  static final double WINDOW_SECONDS = 2;
  static final double MIN_SHARE = 0.2;

  private final ElasticityTimeline timeline;
  private final List<ElasticityTimeline.Sample> samples;

  ClusterChecks(ElasticityTimeline timeline) {
    this.timeline = timeline;
    this.samples = timeline.samples();
  }

  /**
   * Per pod of the component that was not there at the start: when it became Ready, and its share of
   * the component's exchanges from Ready to the first sample {@link #WINDOW_SECONDS} after it (measured
   * from the last sample before Ready, see {@link #afterReady}).
   */
  void newPods(String component, ArrayNode out) {
    if (samples.isEmpty()) {
      return;
    }
    Set<String> initial = names(samples.get(0), component);
    Map<String, ClusterProbe.Pod> seen = new LinkedHashMap<>();
    for (ElasticityTimeline.Sample s : samples) {
      s.pods().stream().filter(p -> p.component().equals(component) && p.readySince() != null && !initial.contains(p.name()))
          .forEach(p -> seen.putIfAbsent(p.name(), p));
    }
    // The gateways count what they send to each pod of a service; nothing counts what each gateway pod serves.
    boolean counted = samples.stream().anyMatch(s -> s.served().keySet().stream()
        .anyMatch(instance -> ElasticityTimeline.component(instance).equals(component)));
    for (ClusterProbe.Pod pod : seen.values()) {
      double readyAt = timeline.at(pod.readySince());
      if (!counted) {
        out.addObject().put("pod", pod.name()).put("readyAtSeconds", RunSummary.round(readyAt)).put("share", (String) null)
            .put("why", "no per-pod counts for " + component + " pods");
        continue;
      }
      // From the last sample at or before Ready (samples can be seconds apart on a busy machine).
      ElasticityTimeline.Sample from = samples.stream().filter(s -> s.t() <= readyAt).reduce((a, b) -> b).orElse(samples.get(0));
      ElasticityTimeline.Sample to = samples.stream().filter(s -> s.t() >= readyAt + WINDOW_SECONDS && s.t() > from.t())
          .findFirst().orElse(null);
      ObjectNode o = out.addObject().put("pod", pod.name()).put("readyAtSeconds", RunSummary.round(readyAt));
      if (to == null || to.t() <= from.t()) {
        o.put("share", (String) null).put("ok", false).put("why", "no sample after Ready");
        continue;
      }
      double windowShare = timeline.share(from.t(), to.t()).getOrDefault(pod.name(), 0.0);
      double share = afterReady(windowShare, (to.t() - Math.max(from.t(), readyAt)) / (to.t() - from.t()));
      o.put("windowSeconds", RunSummary.round(to.t() - from.t())).put("windowShare", Math.round(windowShare * 1000) / 1000.0)
          .put("share", Math.round(share * 1000) / 1000.0).put("ok", share >= MIN_SHARE);
    }
  }

  /**
   * A new pod's share of the part of a window after it became Ready: it served nothing before, and the
   * other pods' exchanges are counted pro rata ({@code fraction} of the window is after Ready), so a
   * window that began seconds before Ready (samples seconds apart) does not dilute the share.
   */
  static double afterReady(double windowShare, double fraction) {
    if (windowShare <= 0) {
      return 0;
    }
    return windowShare / (windowShare + Math.max(0, Math.min(1, fraction)) * (1 - windowShare));
  }

  /**
   * Per pod of the component that went away during the run: when it was first seen terminating, its
   * deletion cost then and the costs of the pods that stayed, whether it was the cheapest, and how
   * long it took to go (its drain).
   */
  void exits(String component, ArrayNode out) {
    Map<String, ObjectNode> exits = new LinkedHashMap<>();
    Map<String, ClusterProbe.Pod> lastBefore = new LinkedHashMap<>();
    for (ElasticityTimeline.Sample s : samples) {
      for (ClusterProbe.Pod p : s.pods()) {
        if (!p.component().equals(component)) {
          continue;
        }
        if (!p.deleting()) {
          lastBefore.put(p.name(), p);
          continue;
        }
        ObjectNode exit = exits.get(p.name());
        if (exit == null) {
          exit = exit(out, lastBefore.getOrDefault(p.name(), p), s);
          exits.put(p.name(), exit);
        }
        exit.put("lastSeenSeconds", RunSummary.round(s.t()));
      }
    }
    exits.values().forEach(e -> e.put("goneAfterSeconds",
        RunSummary.round(e.path("lastSeenSeconds").asDouble() - e.path("terminatingAtSeconds").asDouble())));
    // A pod that went between two samples (an empty game pod drains at once) was never seen terminating.
    for (int i = 1; i < samples.size(); i++) {
      ElasticityTimeline.Sample now = samples.get(i);
      Set<String> present = names(now, component);
      for (ClusterProbe.Pod p : samples.get(i - 1).pods()) {
        if (p.component().equals(component) && !present.contains(p.name()) && !exits.containsKey(p.name())) {
          ObjectNode exit = exit(out, p, now);
          exit.put("lastSeenSeconds", RunSummary.round(samples.get(i - 1).t())).put("goneAfterSeconds", 0.0)
              .put("goneBetweenSamples", true);
          exits.put(p.name(), exit);
        }
      }
    }
  }

  /** A pod's exit first seen at sample {@code s}: its last known deletion cost against those of the pods that stay. */
  private static ObjectNode exit(ArrayNode out, ClusterProbe.Pod pod, ElasticityTimeline.Sample s) {
    List<Integer> others = s.pods().stream().filter(o -> o.component().equals(pod.component()) && !o.deleting())
        .map(ClusterProbe.Pod::deletionCost).sorted().toList();
    ObjectNode exit = out.addObject().put("pod", pod.name()).put("terminatingAtSeconds", RunSummary.round(s.t()))
        .put("deletionCost", pod.deletionCost()).put("playersInRun", s.players())
        .put("cheapest", others.isEmpty() || pod.deletionCost() <= others.get(0));
    others.forEach(exit.putArray("costsOfPodsThatStayed")::add);
    return exit;
  }

  private static Set<String> names(ElasticityTimeline.Sample s, String component) {
    Set<String> names = new TreeSet<>();
    s.pods().stream().filter(p -> p.component().equals(component)).forEach(p -> names.add(p.name()));
    return names;
  }
}
