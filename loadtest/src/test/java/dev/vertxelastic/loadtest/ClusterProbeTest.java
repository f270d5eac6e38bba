package dev.vertxelastic.loadtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cluster run's sampler, through the real {@code kubectl} binary, against a small API server
 * of our own that answers kubectl's discovery and the HPA and pod lists of a release.
 * (CI installs kubectl when the machine lacks it: see .ci/run.)
 */
class ClusterProbeTest {

  private HttpServer api;
  private final List<String> queries = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext("/", this::answer);
    api.start();
  }

  @AfterEach
  void stop() {
    api.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getQuery() == null ? "" : exchange.getRequestURI().getQuery();
    String body = switch (path) {
      case "/version" -> "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0\"}";
      case "/api" -> "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}";
      case "/apis" -> "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[{\"name\":\"autoscaling\","
          + "\"versions\":[{\"groupVersion\":\"autoscaling/v2\",\"version\":\"v2\"}],"
          + "\"preferredVersion\":{\"groupVersion\":\"autoscaling/v2\",\"version\":\"v2\"}}]}";
      case "/api/v1" -> "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[{\"name\":\"pods\","
          + "\"singularName\":\"pod\",\"namespaced\":true,\"kind\":\"Pod\",\"verbs\":[\"get\",\"list\",\"watch\"]}]}";
      case "/apis/autoscaling/v2" -> "{\"kind\":\"APIResourceList\",\"groupVersion\":\"autoscaling/v2\",\"resources\":[{"
          + "\"name\":\"horizontalpodautoscalers\",\"singularName\":\"horizontalpodautoscaler\",\"namespaced\":true,"
          + "\"kind\":\"HorizontalPodAutoscaler\",\"shortNames\":[\"hpa\"],\"verbs\":[\"get\",\"list\",\"watch\"]}]}";
      case "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers" -> {
        queries.add(query);
        yield "{\"kind\":\"HorizontalPodAutoscalerList\",\"apiVersion\":\"autoscaling/v2\",\"metadata\":{},\"items\":["
            + hpa("gateway", 2, 2, 6) + "," + hpa("edu", 2, 3, 6) + "," + hpa("game", 3, 4, 10) + "]}";
      }
      case "/api/v1/namespaces/shop/pods" -> {
        queries.add(query);
        yield "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":["
            + String.join(",", pod("gateway", true, false), pod("gateway", true, false),
                pod("edu", true, false), pod("edu", true, false), pod("edu", false, false),
                pod("game", true, false), pod("game", true, false), pod("game", true, true), pod("game", false, false),
                pod("postgresql", true, false)) + "]}";
      }
      default -> null;
    };
    int status = body != null ? 200 : path.contains("/namespaces/elsewhere/") ? 403 : 404;
    if (status == 403) {
      body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,"
          + "\"message\":\"horizontalpodautoscalers.autoscaling is forbidden: User \\\"load\\\" cannot list resource in the namespace \\\"elsewhere\\\"\"}";
    } else if (status == 404) {
      body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static int pods;

  private static String hpa(String component, int current, int desired, int max) {
    return "{\"metadata\":{\"name\":\"demo-vertx-elastic-" + component + "\",\"labels\":{\"app.kubernetes.io/instance\":\"demo\","
        + "\"app.kubernetes.io/component\":\"" + component + "\"}},\"spec\":{\"maxReplicas\":" + max + "},"
        + "\"status\":{\"currentReplicas\":" + current + ",\"desiredReplicas\":" + desired + "}}";
  }

  /** Game pods carry a deletion cost of 10 times their number; every pod has an address and a Ready time. */
  private static String pod(String component, boolean ready, boolean terminating) {
    int n = pods++;
    return "{\"metadata\":{\"name\":\"demo-" + component + "-" + n + "\",\"labels\":{\"app.kubernetes.io/instance\":\"demo\","
        + "\"app.kubernetes.io/component\":\"" + component + "\"}"
        + (component.equals("game") ? ",\"annotations\":{\"controller.kubernetes.io/pod-deletion-cost\":\"" + 10 * n + "\"}" : "")
        + (terminating ? ",\"deletionTimestamp\":\"2026-11-24T10:00:00Z\"" : "") + "},"
        + "\"status\":{\"podIP\":\"198.18.64." + (10 + n) + "\",\"conditions\":[{\"type\":\"Ready\",\"status\":\""
        + (ready ? "True" : "False") + "\",\"lastTransitionTime\":\"2026-11-24T09:5" + (n % 10) + ":00Z\"}]}}";
  }

  private static String kubectl() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, "kubectl"))) {
        return Path.of(dir, "kubectl").toString();
      }
    }
    return null;
  }

  private ClusterProbe probe(String namespace) {
    String kubectl = kubectl();
    assumeTrue(kubectl != null, "kubectl is not on the PATH (.ci/run installs it)");
    return new ClusterProbe(List.of(kubectl, "--server", "http://127.0.0.1:" + api.getAddress().getPort()), namespace, "demo");
  }

  @Test
  void replicasComeFromTheHpasAndTheReadyPodsThatAreNotTerminating() throws Exception {
    Map<String, Replicas> replicas = probe("shop").replicas();

    assertEquals(Map.of(
        "gateway", new Replicas(2, 2, 6, 2),
        "edu", new Replicas(2, 3, 6, 2),
        "game", new Replicas(3, 4, 10, 2)), replicas);
    assertEquals(2, queries.size(), queries.toString());
    queries.forEach(q -> assertTrue(q.contains("labelSelector=app.kubernetes.io%2Finstance%3Ddemo")
        || q.contains("labelSelector=app.kubernetes.io/instance=demo"), q));
  }

  @Test
  void podsCarryTheirAddressReadySinceTerminationAndDeletionCost() throws Exception {
    List<ClusterProbe.Pod> games = probe("shop").state().of("game");

    assertEquals(4, games.size(), games.toString());
    ClusterProbe.Pod first = games.get(0);
    int n = Integer.parseInt(first.name().substring(first.name().lastIndexOf('-') + 1));
    assertEquals(new ClusterProbe.Pod(first.name(), "game", "198.18.64." + (10 + n), true,
        Instant.parse("2026-11-24T09:5" + (n % 10) + ":00Z"), false, 10 * n), first);
    assertTrue(games.get(2).deleting() && games.get(2).ready(), games.get(2).toString());
    ClusterProbe.Pod notReady = games.get(3);
    assertTrue(!notReady.ready() && notReady.readySince() == null, notReady.toString());
  }

  @Test
  void aNamespaceKubectlCannotReadFailsWithKubectlsOwnMessage() {
    ClusterProbe probe = probe("elsewhere");

    IOException failure = assertThrows(IOException.class, probe::replicas);
    assertTrue(failure.getMessage().contains("exited with 1") && failure.getMessage().contains("is forbidden: User"),
        failure.getMessage());
  }
}
