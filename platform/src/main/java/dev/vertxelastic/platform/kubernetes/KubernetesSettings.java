package dev.vertxelastic.platform.kubernetes;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Where the Kubernetes API is and how to reach it. Out of cluster ({@code KUBERNETES_API_URL},
 * e.g. {@code kubectl proxy}) no token is sent unless {@code KUBERNETES_TOKEN_FILE} names one;
 * in cluster the service-account token, CA and namespace files are used. The token file is read
 * again for every request ({@link #token}), so a rotated service-account token is picked up.
 */
public record KubernetesSettings(URI apiUrl, String namespace, Path tokenFile, Path caFile) {

  public static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public KubernetesSettings {
    Objects.requireNonNull(apiUrl, "apiUrl");
    Objects.requireNonNull(namespace, "namespace");
  }

  public boolean tls() {
    return "https".equals(apiUrl.getScheme());
  }

  public int port() {
    int port = apiUrl.getPort();
    return port > 0 ? port : tls() ? 443 : 80;
  }

  /** Client options that verify the API server against the service-account CA when there is one. */
  public HttpClientOptions clientOptions() {
    // TCP keepalive uses the kernel's timers (net.ipv4.tcp_keepalive_*, namespaced sysctls a pod may lower); Vert.x 5.0.7 cannot set them.
    HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setTcpKeepAlive(true).setConnectTimeout(5_000);
    if (tls()) {
      // A CPU-limited pod at start (cold JIT) can need more than the default 10 s for its first handshake.
      options.setSsl(true).setSslHandshakeTimeout(30).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
      if (caFile != null) {
        options.setTrustOptions(new PemTrustOptions().addCertPath(caFile.toString()));
      }
    }
    return options;
  }

  /** The bearer token as of now (null when none is configured), read without blocking. */
  public Future<String> token(Vertx vertx) {
    if (tokenFile == null) {
      return Future.succeededFuture(null);
    }
    return vertx.fileSystem().readFile(tokenFile.toString()).map(b -> b.toString().trim());
  }

  /** A request to {@code uri} (an API path such as {@code /api/v1/...}) below the API URL, with the token when there is one. */
  public RequestOptions request(HttpMethod method, String uri, String token) {
    String path = apiUrl.getRawPath() == null ? "" : apiUrl.getRawPath();
    RequestOptions options = new RequestOptions().setMethod(method).setHost(apiUrl.getHost()).setPort(port())
        .setURI((path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + uri)
        .putHeader("Accept", "application/json");
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    return options;
  }

  /** Reads {@code KUBERNETES_API_URL}, {@code KUBERNETES_NAMESPACE}, {@code KUBERNETES_TOKEN_FILE}; fails naming the bad variable. */
  public static KubernetesSettings fromEnv(Env env) {
    return fromEnv(env, SERVICE_ACCOUNT);
  }

  /** As {@link #fromEnv(Env)}, with the service-account folder given (for tests). */
  public static KubernetesSettings fromEnv(Env env, Path serviceAccount) {
    String rawUrl = env.raw("KUBERNETES_API_URL");
    boolean inCluster = rawUrl == null || rawUrl.isBlank();
    URI url = inCluster ? inClusterUrl(env) : apiUrl(rawUrl.trim());
    String namespace = env.raw("KUBERNETES_NAMESPACE");
    if (namespace == null || namespace.isBlank()) {
      namespace = readOr(serviceAccount.resolve("namespace"), inCluster ? null : "default");
      if (namespace == null) {
        throw new ConfigException("KUBERNETES_NAMESPACE", null, "must be set (there is no " + serviceAccount.resolve("namespace") + " to read it from)");
      }
    }
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw new ConfigException("KUBERNETES_NAMESPACE", namespace, "must be a DNS-1123 label such as vertx-elastic");
    }
    String rawToken = env.raw("KUBERNETES_TOKEN_FILE");
    Path token = rawToken != null && !rawToken.isBlank() ? Path.of(rawToken.trim()) : inCluster ? serviceAccount.resolve("token") : null;
    if (token != null && !Files.isReadable(token)) {
      throw new ConfigException("KUBERNETES_TOKEN_FILE", token.toString(), "must name a readable service-account token file");
    }
    Path ca = serviceAccount.resolve("ca.crt");
    return new KubernetesSettings(url, namespace, token, Files.isReadable(ca) ? ca : null);
  }

  private static URI inClusterUrl(Env env) {
    String host = env.raw("KUBERNETES_SERVICE_HOST");
    if (host == null || host.isBlank()) {
      throw new ConfigException("KUBERNETES_API_URL", null, "must be set outside a pod (e.g. http://127.0.0.1:8001 with kubectl proxy)");
    }
    int port = env.port("KUBERNETES_SERVICE_PORT", 443);
    return URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
  }

  private static URI apiUrl(String raw) {
    try {
      URI uri = new URI(raw);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new ConfigException("KUBERNETES_API_URL", raw, "must be an http:// or https:// URL such as http://127.0.0.1:8001");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException("KUBERNETES_API_URL", raw, "must be an http:// or https:// URL such as http://127.0.0.1:8001");
    }
  }

  private static String readOr(Path file, String fallback) {
    try {
      return Files.isReadable(file) ? Files.readString(file).trim() : fallback;
    } catch (IOException e) {
      return fallback;
    }
  }
}
