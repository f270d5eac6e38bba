package dev.vertxelastic.edu;

import dev.vertxelastic.platform.auth.Principal;
import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A real HTTP client for one service instance, with tokens signed like the gateway signs them. */
final class ApiClient {

  private final WebClient client;
  private final Tokens tokens;
  private final int port;

  ApiClient(Vertx vertx, int port) {
    this.client = WebClient.create(vertx, new WebClientOptions().setIdleTimeout(5), new PoolOptions().setHttp1MaxSize(64));
    this.tokens = new Tokens(vertx, TestHttp.JWT_SECRET, Duration.ofHours(1));
    this.port = port;
  }

  String learner(String userId) {
    return tokens.issue(new Principal(userId, userId, List.of(Principal.LEARNER))).token();
  }

  String instructor(String userId) {
    return tokens.issue(new Principal(userId, userId, List.of(Principal.INSTRUCTOR))).token();
  }

  Future<HttpResponse<Buffer>> send(HttpMethod method, String path, String token, JsonObject body) {
    HttpRequest<Buffer> request = client.request(method, port, "127.0.0.1", path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return body == null ? request.send() : request.sendJsonObject(body);
  }

  /** A request with a body sent as is, under {@code contentType}. */
  HttpResponse<Buffer> raw(HttpMethod method, String path, String token, String contentType, String body) throws Exception {
    return raw(method, path, token, contentType, Buffer.buffer(body));
  }

  /** A request with a body of any bytes, under {@code contentType}. */
  HttpResponse<Buffer> raw(HttpMethod method, String path, String token, String contentType, Buffer body) throws Exception {
    HttpRequest<Buffer> request = client.request(method, port, "127.0.0.1", path).putHeader("Content-Type", contentType);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return Await.result(request.sendBuffer(body));
  }

  HttpResponse<Buffer> get(String path, String token) throws Exception {
    return Await.result(send(HttpMethod.GET, path, token, null));
  }

  HttpResponse<Buffer> get(String path) throws Exception {
    return get(path, null);
  }

  HttpResponse<Buffer> post(String path, String token, JsonObject body) throws Exception {
    return Await.result(send(HttpMethod.POST, path, token, body));
  }

  HttpResponse<Buffer> put(String path, String token, JsonObject body) throws Exception {
    return Await.result(send(HttpMethod.PUT, path, token, body));
  }

  /** The JSON body of a response that must have {@code status}. */
  static JsonObject expect(int status, HttpResponse<Buffer> response) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  /** A valid course body with {@code lessons} lessons of 10, 20, ... minutes and no explicit lesson ids. */
  static JsonObject course(String title, int lessons, String... tags) {
    JsonArray list = new JsonArray();
    for (int i = 1; i <= lessons; i++) {
      list.add(new JsonObject().put("title", "Lesson " + i).put("durationMinutes", 10 * i));
    }
    return new JsonObject().put("title", title).put("summary", "About " + title + ".").put("level", "intermediate")
        .put("tags", new JsonArray(List.of((Object[]) tags))).put("lessons", list);
  }

  void close() {
    client.close();
  }
}
