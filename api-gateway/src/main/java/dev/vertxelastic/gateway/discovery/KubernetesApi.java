package dev.vertxelastic.gateway.discovery;

import dev.vertxelastic.platform.kubernetes.KubernetesSettings;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.JsonParser;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Plain HTTP access to the Kubernetes API: lists and chunked watches of namespaced collections,
 * over HTTP/2 when the API is reached over TLS (as client-go does), so that each connection
 * carrying watches is health-checked with PINGs ({@link Http2HealthCheck}). The token file is read
 * again before every request, so a rotated service-account token is used from the next (re)connect on.
 */
final class KubernetesApi {

  private final Vertx vertx;
  private final KubernetesSettings settings;
  private final HttpClient client;
  private final Http2HealthCheck health;

  KubernetesApi(Vertx vertx, KubernetesSettings settings) {
    this(vertx, settings, new Http2HealthCheck(vertx, Http2HealthCheck.INTERVAL_MILLIS, Http2HealthCheck.TIMEOUT_MILLIS));
  }

  KubernetesApi(Vertx vertx, KubernetesSettings settings, Http2HealthCheck health) {
    this.vertx = vertx;
    this.settings = settings;
    this.health = health;
    HttpClientOptions options = settings.clientOptions();
    if (settings.tls()) {
      // ALPN offers h2 and falls back to HTTP/1.1 when the server (or a proxy in front of it) does not speak it.
      options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true);
    }
    this.client = vertx.createHttpClient(options);
  }

  /** The Services of the namespace carrying {@code labelSelector}. */
  ListWatch services(String labelSelector) {
    return collection("/api/v1/namespaces/" + settings.namespace() + "/services", labelSelector);
  }

  /** The EndpointSlices ({@code discovery.k8s.io/v1}) of the namespace carrying {@code labelSelector}. */
  ListWatch endpointSlices(String labelSelector) {
    return collection("/apis/discovery.k8s.io/v1/namespaces/" + settings.namespace() + "/endpointslices", labelSelector);
  }

  Future<Void> close() {
    return client.close();
  }

  private ListWatch collection(String path, String labelSelector) {
    String selector = "labelSelector=" + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8);
    return new ListWatch() {
      @Override
      public Future<JsonObject> list(String resourceVersion) {
        return send(path + "?" + selector + "&resourceVersion=" + resourceVersion, 30_000)
            .compose(response -> response.body().compose(body -> response.statusCode() == 200
                ? Future.succeededFuture(body.toJsonObject())
                : Future.failedFuture(failure(response.statusCode(), body.toString()))));
      }

      @Override
      public Future<Watch> watch(String resourceVersion, int timeoutSeconds, Handler<JsonObject> events) {
        String uri = path + "?" + selector + "&watch=true&allowWatchBookmarks=true&timeoutSeconds=" + timeoutSeconds
            + "&resourceVersion=" + resourceVersion;
        // A backstop only: the reflector notices a silent watch (no minutely bookmark) long before this.
        return send(uri, (timeoutSeconds + 30) * 1000L).compose(response -> response.statusCode() == 200 ? Future.succeededFuture(stream(response, events))
            : response.body().compose(body -> Future.failedFuture(failure(response.statusCode(), body.toString()))));
      }
    };
  }

  private Future<HttpClientResponse> send(String uri, long idleTimeout) {
    return settings.token(vertx).compose(token -> {
      RequestOptions options = settings.request(HttpMethod.GET, uri, token);
      if (idleTimeout > 0) {
        options.setIdleTimeout(idleTimeout);
      }
      return client.request(options).compose(HttpClientRequest::send);
    });
  }

  private ListWatch.Watch stream(HttpClientResponse response, Handler<JsonObject> events) {
    if (response.version() == HttpVersion.HTTP_2) {
      health.watch(response.request().connection());
    }
    Promise<Void> ended = Promise.promise();
    JsonParser parser = JsonParser.newParser(response).objectValueMode();
    parser.handler(event -> events.handle(event.objectValue()));
    parser.exceptionHandler(ended::tryFail);
    parser.endHandler(v -> ended.tryComplete());
    return new ListWatch.Watch() {
      @Override
      public Future<Void> ended() {
        return ended.future();
      }

      @Override
      public void close() {
        response.request().reset();
        ended.tryComplete();
      }
    };
  }

  private static ApiFailure failure(int status, String body) {
    try {
      JsonObject json = new JsonObject(body);
      ApiFailure parsed = Reflector.statusFailure(json.put("code", status));
      return new ApiFailure(status, parsed.reason, cut(json.getString("message", body)));
    } catch (RuntimeException notJson) {
      // A proxy in front of the API server may answer in plain text.
      return new ApiFailure(status, cut(body));
    }
  }

  private static String cut(String message) {
    return message.length() > 200 ? message.substring(0, 200) : message;
  }
}
