package dev.vertxelastic.helm;

import com.google.gson.Gson;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Just enough of a Kubernetes API for the chart's `lookup` calls: core/v1 discovery and GET of
 * Secrets, 404 for anything absent. helm-java renders templates with a live cluster connection
 * (unlike the `helm template` CLI, whose lookups return nothing), so the tests point it here through
 * the kubeconfig that surefire names in KUBECONFIG. Tests add Secrets to act as an earlier release.
 */
final class FakeKubernetesApi {

  private static final Gson GSON = new Gson();
  private static volatile FakeKubernetesApi instance;

  private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();

  private FakeKubernetesApi() {
  }

  /** The running fake, started (and the kubeconfig written) on first use. */
  static FakeKubernetesApi get() {
    if (instance == null) {
      synchronized (FakeKubernetesApi.class) {
        if (instance == null) {
          FakeKubernetesApi api = new FakeKubernetesApi();
          api.start();
          instance = api;
        }
      }
    }
    return instance;
  }

  /** Makes a Secret exist, with its data given in plain text. */
  void putSecret(String namespace, String name, Map<String, String> data) {
    secrets.put(namespace + "/" + name, Map.copyOf(data));
  }

  void removeSecret(String namespace, String name) {
    secrets.remove(namespace + "/" + name);
  }

  private void start() {
    String kubeconfig = System.getenv("KUBECONFIG");
    if (kubeconfig == null || kubeconfig.isBlank()) {
      throw new IllegalStateException("KUBECONFIG is not set: run the chart tests through Maven (surefire sets it)");
    }
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", this::handle);
      server.setExecutor(null);
      server.start();
      Path file = Path.of(kubeconfig);
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, """
          apiVersion: v1
          kind: Config
          clusters:
            - name: fake
              cluster:
                server: http://127.0.0.1:%d
          users:
            - name: fake
              user:
                token: fake
          contexts:
            - name: fake
              context:
                cluster: fake
                user: fake
          current-context: fake
          """.formatted(server.getAddress().getPort()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String[] parts = path.split("/");
    if ("GET".equals(exchange.getRequestMethod()) && "/api/v1".equals(path)) {
      respond(exchange, 200, Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", "v1",
          "resources", List.of(Map.of("name", "secrets", "singularName", "secret", "namespaced", true,
              "kind", "Secret", "verbs", List.of("get", "list", "watch")))));
    } else if ("GET".equals(exchange.getRequestMethod()) && parts.length == 7 && path.startsWith("/api/v1/namespaces/")
        && "secrets".equals(parts[5]) && secrets.containsKey(parts[4] + "/" + parts[6])) {
      respond(exchange, 200, secret(parts[4], parts[6], secrets.get(parts[4] + "/" + parts[6])));
    } else {
      respond(exchange, 404, Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure",
          "reason", "NotFound", "code", 404, "message", path + " not found"));
    }
  }

  private static Map<String, Object> secret(String namespace, String name, Map<String, String> data) {
    Map<String, String> encoded = new LinkedHashMap<>();
    data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return Map.of("kind", "Secret", "apiVersion", "v1", "type", "Opaque",
        "metadata", Map.of("name", name, "namespace", namespace), "data", encoded);
  }

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
