package dev.vertxelastic.gateway.discovery;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.parsetools.JsonParser;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Plain HTTP access to the Kubernetes API: lists and chunked watches of namespaced collections.
 * The token file is read again before every request, so a rotated service-account token is used
 * from the next (re)connect on.
 */
final class KubernetesApi {

  /** Server-side timeout of a watch; the reflector re-watches after it. */
  static final int WATCH_TIMEOUT_SECONDS = 300;

  private final Vertx vertx;
  private final KubernetesSettings settings;
  private final HttpClient client;
  private final String base;

  KubernetesApi(Vertx vertx, KubernetesSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000);
    if (settings.tls()) {
      options.setSsl(true);
      if (settings.caFile() != null) {
        options.setTrustOptions(new PemTrustOptions().addCertPath(settings.caFile().toString()));
      }
    }
    this.client = vertx.createHttpClient(options);
    String path = settings.apiUrl().getRawPath() == null ? "" : settings.apiUrl().getRawPath();
    this.base = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
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
      public Future<Watch> watch(String resourceVersion, Handler<JsonObject> events) {
        String uri = path + "?" + selector + "&watch=true&allowWatchBookmarks=true&timeoutSeconds=" + WATCH_TIMEOUT_SECONDS
            + "&resourceVersion=" + resourceVersion;
        // A watch that goes silent past its server timeout is dead (a half-open connection): the reflector then re-lists.
        return send(uri, (WATCH_TIMEOUT_SECONDS + 30) * 1000L).compose(response -> response.statusCode() == 200 ? Future.succeededFuture(stream(response, events))
            : response.body().compose(body -> Future.failedFuture(failure(response.statusCode(), body.toString()))));
      }
    };
  }

  private Future<HttpClientResponse> send(String uri, long idleTimeout) {
    return token().compose(token -> {
      RequestOptions options = new RequestOptions()
          .setMethod(HttpMethod.GET)
          .setHost(settings.apiUrl().getHost())
          .setPort(port())
          .setURI(base + uri)
          .putHeader("Accept", "application/json");
      if (idleTimeout > 0) {
        options.setIdleTimeout(idleTimeout);
      }
      if (token != null) {
        options.putHeader("Authorization", "Bearer " + token);
      }
      return client.request(options).compose(HttpClientRequest::send);
    });
  }

  private static ListWatch.Watch stream(HttpClientResponse response, Handler<JsonObject> events) {
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

  private Future<String> token() {
    if (settings.tokenFile() == null) {
      return Future.succeededFuture(null);
    }
    return vertx.fileSystem().readFile(settings.tokenFile().toString()).map(b -> b.toString().trim());
  }

  private int port() {
    int port = settings.apiUrl().getPort();
    return port > 0 ? port : settings.tls() ? 443 : 80;
  }

  private static ApiFailure failure(int status, String body) {
    String message = body;
    try {
      message = new JsonObject(body).getString("message", body);
    } catch (RuntimeException notJson) {
      // A proxy in front of the API server may answer in plain text.
    }
    return new ApiFailure(status, message.length() > 200 ? message.substring(0, 200) : message);
  }
}
