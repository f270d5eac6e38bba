package dev.vertxelastic.gateway.web;

import dev.vertxelastic.gateway.GatewayVerticle;
import dev.vertxelastic.gateway.Gateways;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The browser client's files through a real gateway, next to its API routes. */
@ExtendWith(VertxExtension.class)
class WebAppTest {

  static ServiceRuntime<GatewayVerticle> gateway;
  static WebClient client;
  static int port;

  @BeforeAll
  static void start(Vertx vertx) {
    // Nothing listens at the upstream: these tests never reach one.
    gateway = Gateways.start("gateway-web", Map.of("GATEWAY_UPSTREAMS", "courses=http://127.0.0.1:9"));
    port = gateway.verticle().actualPort();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    Await.result(gateway.stop());
  }


  static HttpResponse<Buffer> get(String uri, Map<String, String> headers) {
    var request = client.request(HttpMethod.GET, port, "127.0.0.1", uri);
    headers.forEach(request::putHeader);
    return Await.result(request.send());
  }

  @Test
  void theClientsFilesAreCountedUnderTheirOwnRouteLabel() {
    assertEquals(200, get("/favicon.svg", Map.of()).statusCode());

    var request = client.request(HttpMethod.GET, gateway.verticle().actualManagementPort(), "127.0.0.1", "/metrics");
    String metrics = Await.result(request.send()).bodyAsString();
    assertTrue(metrics.contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/*\"}"), metrics);
  }

  @Test
  void rootServesTheIndexPageRevalidatedOnEveryLoad() {
    HttpResponse<Buffer> response = get("/", Map.of());

    assertEquals(200, response.statusCode());
    assertTrue(response.getHeader("Content-Type").startsWith("text/html"), response.getHeader("Content-Type"));
    assertEquals("no-cache", response.getHeader("Cache-Control"));
    assertNotNull(response.getHeader("Last-Modified"));
    assertTrue(response.bodyAsString().contains("<script type=\"module\" src=\"js/app.js\"></script>"), "the page loads the app module");
  }

  @Test
  void javaScriptModulesAreServedWithAJavaScriptTypeAndAShortCacheLife() {
    HttpResponse<Buffer> response = get("/js/app.js", Map.of());

    assertEquals(200, response.statusCode());
    assertTrue(response.getHeader("Content-Type").startsWith("text/javascript"), response.getHeader("Content-Type"));
    assertEquals("public, max-age=300", response.getHeader("Cache-Control"));
    assertNotNull(response.getHeader("Last-Modified"));
  }

  @Test
  void stylesAndTheIconAreServedWithTheirTypes() {
    HttpResponse<Buffer> css = get("/css/app.css", Map.of());
    HttpResponse<Buffer> icon = get("/favicon.svg", Map.of());

    assertTrue(css.getHeader("Content-Type").startsWith("text/css"), css.getHeader("Content-Type"));
    assertEquals("image/svg+xml", icon.getHeader("Content-Type"));
    assertEquals("public, max-age=300", icon.getHeader("Cache-Control"));
  }

  @Test
  void theOpenApiDescriptionOfThePublicApiIsServed() {
    HttpResponse<Buffer> spec = get("/openapi.yaml", Map.of());
    assertEquals(200, spec.statusCode());
    assertTrue(spec.bodyAsString().startsWith("openapi: 3.1.0"), spec.bodyAsString());
    assertTrue(spec.bodyAsString().contains("/api/courses/{id}/enrollments:"), "the description lacks the enrollment call");
  }

  @Test
  void conditionalGetOfAnUnchangedFileIsAnswered304() {
    String page = get("/", Map.of()).getHeader("Last-Modified");
    String module = get("/js/app.js", Map.of()).getHeader("Last-Modified");

    HttpResponse<Buffer> pageAgain = get("/", Map.of("If-Modified-Since", page));
    HttpResponse<Buffer> moduleAgain = get("/js/app.js", Map.of("If-Modified-Since", module));

    assertEquals(304, pageAgain.statusCode());
    assertNull(pageAgain.body());
    assertEquals("no-cache", pageAgain.getHeader("Cache-Control"));
    assertEquals(304, moduleAgain.statusCode());
  }

  @Test
  void unknownApiPathIsStillTheGatewaysProblem404() {
    HttpResponse<Buffer> response = get("/api/no-such-service/x", Map.of("Accept", "text/html"));

    assertEquals(404, response.statusCode());
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
    assertEquals(404, response.bodyAsJsonObject().getInteger("status"));
  }

  @Test
  void unknownPagePathIsAProblem404ThatNoCacheKeeps() {
    HttpResponse<Buffer> response = get("/no-such-page", Map.of("Accept", "text/html"));

    assertEquals(404, response.statusCode());
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
    assertNull(response.getHeader("Cache-Control"));
  }
}
