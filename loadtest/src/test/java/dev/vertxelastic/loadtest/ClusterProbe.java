package dev.vertxelastic.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Reads a deployed release through {@code kubectl}: per component, its HorizontalPodAutoscaler's
 * current and desired replicas, and its pods (ready or not, terminating, deletion cost); it also runs
 * the run's own actions on the release. Uses the labels the
 * chart puts on everything: {@code app.kubernetes.io/instance=<release>} and
 * {@code app.kubernetes.io/component}.
 */
final class ClusterProbe {

  private final List<String> kubectl;
  private final String namespace;
  private final String release;
  private final ObjectMapper json = new ObjectMapper();

  /** {@code kubectl}: the command and its global flags, e.g. {@code [kubectl, --context, kind-vertx-elastic]}. */
  ClusterProbe(List<String> kubectl, String namespace, String release) {
    this.kubectl = kubectl;
    this.namespace = namespace;
    this.release = release;
  }

  /** The cluster side when -Dkubernetes.release is set (the cluster run), else none. */
  static ClusterProbe fromSystemProperties() {
    String release = System.getProperty("kubernetes.release");
    return release == null || release.isBlank() ? null
        : new ClusterProbe(List.of(System.getProperty("kubectl", "kubectl").trim().split("\\s+")),
            System.getProperty("kubernetes.namespace", "default"), release);
  }

  String describe() {
    return "release " + release + " in namespace " + namespace;
  }

  /** One pod of the release: its component, address, readiness (and since when), deletion and deletion cost (0 when unset). */
  record Pod(String name, String component, String ip, boolean ready, Instant readySince, boolean deleting, int deletionCost) {
  }

  /** Per component its HPA's replicas, and the release's pods, read in one go. */
  record State(Map<String, Replicas> replicas, List<Pod> pods) {
    List<Pod> of(String component) {
      return pods.stream().filter(p -> p.component().equals(component)).toList();
    }
  }

  /** Replicas per component (gateway, edu, game). */
  Map<String, Replicas> replicas() throws IOException, InterruptedException {
    return state().replicas();
  }

  State state() throws IOException, InterruptedException {
    Map<String, Replicas> byComponent = new TreeMap<>();
    for (JsonNode hpa : get("horizontalpodautoscalers").path("items")) {
      String component = hpa.path("metadata").path("labels").path("app.kubernetes.io/component").asText("?");
      JsonNode status = hpa.path("status");
      byComponent.put(component, new Replicas(status.path("currentReplicas").asInt(), status.path("desiredReplicas").asInt(),
          hpa.path("spec").path("maxReplicas").asInt(), 0));
    }
    List<Pod> pods = new ArrayList<>();
    for (JsonNode item : get("pods").path("items")) {
      Pod pod = pod(item);
      pods.add(pod);
      Replicas r = byComponent.get(pod.component());
      if (r != null && pod.ready() && !pod.deleting()) {
        byComponent.put(pod.component(), new Replicas(r.current(), r.desired(), r.max(), r.ready() + 1));
      }
    }
    return new State(byComponent, pods);
  }

  private static Pod pod(JsonNode pod) {
    JsonNode meta = pod.path("metadata");
    boolean ready = false;
    Instant since = null;
    for (JsonNode c : pod.path("status").path("conditions")) {
      if (c.path("type").asText().equals("Ready")) {
        ready = c.path("status").asText().equals("True");
        since = ready && c.hasNonNull("lastTransitionTime") ? Instant.parse(c.path("lastTransitionTime").asText()) : null;
      }
    }
    String cost = meta.path("annotations").path("controller.kubernetes.io/pod-deletion-cost").asText("0");
    return new Pod(meta.path("name").asText(), meta.path("labels").path("app.kubernetes.io/component").asText(""),
        pod.path("status").path("podIP").asText(""), ready, since, !meta.path("deletionTimestamp").isMissingNode(),
        cost.matches("-?\\d+") ? Integer.parseInt(cost) : 0);
  }

  /** Runs {@code kubectl --namespace <ns> <args>} (an action of the run, e.g. a rollout restart) and returns its output. */
  String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(kubectl);
    command.addAll(List.of("--namespace", namespace));
    command.addAll(List.of(args));
    return new String(run(command), StandardCharsets.UTF_8).trim();
  }

  /** The deployment of a component: {@code <release>-vertx-elastic-<component>} (the chart's fullname). */
  String deployment(String component) {
    return (release.contains("vertx-elastic") ? release : release + "-vertx-elastic") + "-" + component;
  }

  private JsonNode get(String resource) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(kubectl);
    command.addAll(List.of("--namespace", namespace, "get", resource,
        "--selector", "app.kubernetes.io/instance=" + release, "--output", "json", "--request-timeout", "5s"));
    return json.readTree(run(command));
  }

  private static byte[] run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish within 10 s");
    }
    if (process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + err);
    }
    return out;
  }
}
