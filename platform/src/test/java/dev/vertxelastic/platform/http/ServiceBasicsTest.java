package dev.vertxelastic.platform.http;

import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.runtime.HttpServiceVerticle;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The common surface every service gets from {@link HttpServiceVerticle}, over real HTTP. */
@ExtendWith(VertxExtension.class)
class ServiceBasicsTest {

  static final class SampleService extends HttpServiceVerticle {
    SampleService(Env env) {
      super("sample-service", env, 0);
    }

    @Override
    protected Future<Void> setup(Router router) {
      router.get("/api/things/:id").handler(ctx -> {
        if (!"1".equals(ctx.pathParam("id"))) {
          throw Problem.notFound("No thing " + ctx.pathParam("id") + ".");
        }
        ctx.json(new JsonObject().put("id", "1").put("requestId", ctx.request().getHeader(RequestIds.HEADER)));
      });
      router.post("/api/things").consumes("application/json").handler(jsonBody()).handler(ctx -> {
        JsonObject body = ctx.body().asJsonObject();
        if (body == null || !body.containsKey("name")) {
          throw Problem.invalid(List.of(new Problem.FieldError("name", "is required")));
        }
        ctx.response().setStatusCode(201).end(body.encode());
      });
      router.post("/api/notes").handler(jsonBody()).handler(ctx -> ctx.json(JsonBody.required(ctx)));
      router.get("/api/search").handler(ctx -> ctx.json(new JsonObject().put("q", ctx.queryParams().get("q"))));
      router.get("/api/boom").handler(ctx -> {
        throw new IllegalStateException("secret internal detail");
      });
      return Future.succeededFuture();
    }
  }

  static ServiceRuntime<SampleService> runtime;
  static WebClient client;
  static int port;

  /** A sample service on port 0, started the way {@code main} starts a service. */
  static ServiceRuntime<SampleService> startSample(String instanceId) {
    return Await.result(ServiceRuntime.start(Env.of(Map.of("HTTP_PORT", "0", "INSTANCE_ID", instanceId)), SampleService::new));
  }

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    runtime = startSample("sample-1");
    port = runtime.verticle().actualPort();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(runtime.stop());
  }

  static HttpResponse<Buffer> send(HttpMethod method, String path, String contentType, Buffer body) throws Exception {
    var request = client.request(method, port, "127.0.0.1", path);
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    Future<HttpResponse<Buffer>> f = body == null ? request.send() : request.sendBuffer(body);
    return Await.result(f);
  }

  static void assertProblem(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals(Problems.CONTENT_TYPE, response.getHeader("Content-Type"));
    JsonObject problem = response.bodyAsJsonObject();
    assertEquals(status, problem.getInteger("status"));
    assertNotNull(problem.getString("title"));
    assertEquals(response.getHeader(RequestIds.HEADER), problem.getString("requestId"));
  }

  @Test
  void aThrownProblemBecomesProblemJsonWithItsStatus() throws Exception {
    HttpResponse<Buffer> r = send(HttpMethod.GET, "/api/things/2", null, null);
    assertProblem(r, 404);
    assertEquals("No thing 2.", r.bodyAsJsonObject().getString("detail"));
    assertEquals("/api/things/2", r.bodyAsJsonObject().getString("instance"));
  }

  @Test
  void unknownPathsAndWrongMethodsAre404And405Problems() throws Exception {
    assertProblem(send(HttpMethod.GET, "/nowhere", null, null), 404);
    assertProblem(send(HttpMethod.DELETE, "/api/things/1", null, null), 405);
  }

  @Test
  void malformedJsonIs400AndMissingFieldsAreListed() throws Exception {
    assertProblem(send(HttpMethod.POST, "/api/things", "application/json", Buffer.buffer("{not json")), 400);
    HttpResponse<Buffer> r = send(HttpMethod.POST, "/api/things", "application/json", Buffer.buffer("{}"));
    assertProblem(r, 400);
    assertEquals("name", r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(201, send(HttpMethod.POST, "/api/things", "application/json", Buffer.buffer("{\"name\":\"x\"}")).statusCode());
  }

  @Test
  void wrongContentTypeIs415AndOversizedBodyIs413() throws Exception {
    assertProblem(send(HttpMethod.POST, "/api/things", "text/plain", Buffer.buffer("hello")), 415);
    Buffer big = Buffer.buffer("{\"name\":\"" + "x".repeat((int) HttpServiceVerticle.DEFAULT_BODY_LIMIT) + "\"}");
    assertProblem(send(HttpMethod.POST, "/api/things", "application/json", big), 413);
  }

  @Test
  void anUnexpectedErrorIsA500ProblemWithoutInternals() throws Exception {
    HttpResponse<Buffer> r = send(HttpMethod.GET, "/api/boom", null, null);
    assertProblem(r, 500);
    assertFalse(r.bodyAsString().contains("secret internal detail"));
    assertFalse(r.bodyAsString().contains("IllegalStateException"));
  }

  @Test
  void requestIdsAreKeptWhenSaneAndGeneratedOtherwise() throws Exception {
    HttpResponse<Buffer> kept = Await.result(client.get(port, "127.0.0.1", "/api/things/1").putHeader(RequestIds.HEADER, "abc-123").send());
    assertEquals("abc-123", kept.getHeader(RequestIds.HEADER));
    assertEquals("abc-123", kept.bodyAsJsonObject().getString("requestId"));
    HttpResponse<Buffer> replaced = Await.result(client.get(port, "127.0.0.1", "/api/things/1").putHeader(RequestIds.HEADER, "bad id with spaces").send());
    assertTrue(replaced.getHeader(RequestIds.HEADER).matches("[0-9a-f-]{36}"), replaced.getHeader(RequestIds.HEADER));
  }

  @Test
  void readinessCanBeFlippedAndSaysWhy() throws Exception {
    assertEquals(200, send(HttpMethod.GET, "/health/ready", null, null).statusCode());
    assertEquals(200, send(HttpMethod.GET, "/health/live", null, null).statusCode());
    runtime.verticle().health().notReady("draining");
    try {
      HttpResponse<Buffer> r = send(HttpMethod.GET, "/health/ready", null, null);
      assertEquals(503, r.statusCode());
      assertTrue(r.bodyAsString().contains("draining"), r.bodyAsString());
      assertEquals(200, send(HttpMethod.GET, "/health/live", null, null).statusCode());
    } finally {
      runtime.verticle().health().ready();
    }
  }

  @Test
  void metricsExposeHttpRequestsWithTheRouteLabelAndJvmMetrics() throws Exception {
    send(HttpMethod.GET, "/api/things/1", null, null);
    HttpResponse<Buffer> r = send(HttpMethod.GET, "/metrics", null, null);
    assertEquals(200, r.statusCode());
    String text = r.bodyAsString();
    assertTrue(text.lines().anyMatch(l -> l.startsWith("vertx_http_server_requests_total{") && l.contains("route=\"/api/things/:id\"")),
        "no vertx_http_server_requests_total with the route label");
    assertTrue(text.contains("jvm_memory_used_bytes"), "no JVM metrics");
  }

  @Test
  void timersPublishHistogramBucketsAndSizeSummariesOnlyTheirCountSumAndMax() throws Exception {
    send(HttpMethod.GET, "/api/things/1", null, null);
    String text = send(HttpMethod.GET, "/metrics", null, null).bodyAsString();
    assertTrue(text.lines().anyMatch(l -> l.startsWith("vertx_http_server_response_time_seconds_bucket{")),
        "no latency buckets: the p99 panels and the SLO alert need them");
    assertTrue(text.lines().anyMatch(l -> l.startsWith("vertx_http_server_response_bytes_count{")), "no response size summary");
    assertTrue(text.lines().noneMatch(l -> l.startsWith("vertx_http_server_response_bytes_bucket{")
        || l.startsWith("vertx_http_server_request_bytes_bucket{")), "buckets of byte counts in the scrape");
  }
}
