package dev.vertxelastic.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Reads a deployed release through {@code kubectl}: per component, its HorizontalPodAutoscaler's
 * current and desired replicas and the pods that are ready (not terminating). Uses the labels the
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

  /** Replicas per component (gateway, edu, game). */
  Map<String, Replicas> replicas() throws IOException, InterruptedException {
    Map<String, Replicas> byComponent = new TreeMap<>();
    for (JsonNode hpa : get("horizontalpodautoscalers").path("items")) {
      String component = hpa.path("metadata").path("labels").path("app.kubernetes.io/component").asText("?");
      JsonNode status = hpa.path("status");
      byComponent.put(component, new Replicas(status.path("currentReplicas").asInt(), status.path("desiredReplicas").asInt(),
          hpa.path("spec").path("maxReplicas").asInt(), 0));
    }
    for (JsonNode pod : get("pods").path("items")) {
      String component = pod.path("metadata").path("labels").path("app.kubernetes.io/component").asText("");
      if (!byComponent.containsKey(component) || !pod.path("metadata").path("deletionTimestamp").isMissingNode() || !ready(pod)) {
        continue;
      }
      Replicas r = byComponent.get(component);
      byComponent.put(component, new Replicas(r.current(), r.desired(), r.max(), r.ready() + 1));
    }
    return byComponent;
  }

  private static boolean ready(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if (c.path("type").asText().equals("Ready")) {
        return c.path("status").asText().equals("True");
      }
    }
    return false;
  }

  private JsonNode get(String resource) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(kubectl);
    command.addAll(List.of("--namespace", namespace, "get", resource,
        "--selector", "app.kubernetes.io/instance=" + release, "--output", "json", "--request-timeout", "5s"));
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
    return json.readTree(out);
  }
}
