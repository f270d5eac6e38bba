package dev.vertxelastic.helm;

import com.google.gson.Gson;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Strict validation of rendered objects against the Kubernetes API models of client-java-api:
 * each generated model's {@code fromJson} rejects fields the API does not define and missing
 * required fields, recursively. Custom resources (CRD kinds) have no model and are only parsed.
 */
final class KubernetesModels {

  /** apiVersion/kind the chart may render, to the model that must accept it. */
  private static final Map<String, ModelParser> MODELS = Map.ofEntries(
      Map.entry("apps/v1/Deployment", V1Deployment::fromJson),
      Map.entry("apps/v1/StatefulSet", V1StatefulSet::fromJson),
      Map.entry("v1/Service", V1Service::fromJson),
      Map.entry("v1/ServiceAccount", V1ServiceAccount::fromJson),
      Map.entry("v1/Secret", V1Secret::fromJson),
      Map.entry("v1/ConfigMap", V1ConfigMap::fromJson),
      Map.entry("v1/Pod", V1Pod::fromJson),
      Map.entry("rbac.authorization.k8s.io/v1/Role", V1Role::fromJson),
      Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", V1RoleBinding::fromJson),
      Map.entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler::fromJson),
      Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget::fromJson),
      Map.entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy::fromJson),
      Map.entry("networking.k8s.io/v1/Ingress", V1Ingress::fromJson));

  /** Custom resources: served by CRDs (the Prometheus operator), checked for shape by the tests. */
  static final Set<String> CUSTOM_RESOURCES = Set.of(
      "monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com/v1/PrometheusRule");

  private static final Gson GSON = new Gson();

  private KubernetesModels() {
  }

  /** Throws with the object's name and the model's complaint when the API would not accept it. */
  static void validate(Manifests.Manifest manifest) {
    String type = manifest.apiVersion() + "/" + manifest.kind();
    if (CUSTOM_RESOURCES.contains(type)) {
      return;
    }
    ModelParser parser = MODELS.get(type);
    if (parser == null) {
      throw new AssertionError(manifest + ": " + type + " has no API model here; add it to KubernetesModels");
    }
    try {
      parser.parse(GSON.toJson(manifest.object()));
    } catch (IOException | RuntimeException e) {
      throw new AssertionError(manifest + " is not a valid " + type + ": " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface ModelParser {
    Object parse(String json) throws IOException;
  }
}
