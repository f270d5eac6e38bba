package dev.vertxelastic.platform.http;

import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** No bad input reaches a handler as a 500: every answer to it is a 4xx problem document, the ones Netty makes too. */
@ExtendWith(VertxExtension.class)
class HostileInputTest {

  static ServiceRuntime<ServiceBasicsTest.SampleService> runtime;
  static WebClient client;
  static int port;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    runtime = ServiceBasicsTest.startSample("sample-hostile");
    port = runtime.verticle().actualPort();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(runtime.stop());
  }

  static void assertProblem(RawHttp.Response r, int status) {
    assertEquals(status, r.status(), r.body());
    assertEquals(Problems.CONTENT_TYPE, r.header("Content-Type"));
    assertEquals(status, r.json().getInteger("status"));
    assertNotNull(r.json().getString("title"));
  }

  static RawHttp.Response get(String target) throws Exception {
    return RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  }

  static HttpResponse<Buffer> postNote(byte[] body) throws Exception {
    return Await.result(client.request(HttpMethod.POST, port, "127.0.0.1", "/api/notes").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body)));
  }

  static List<String> fields(JsonObject problem) {
    return problem.getJsonArray("errors", new JsonArray()).stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }

  @Test
  void controlCharactersInQueryParametersAre400NamingEveryBadParameter() throws Exception {
    for (String control : List.of("%00", "%01", "%08", "%0E", "%1B", "%7F", "abc%00def")) {
      RawHttp.Response r = get("/api/search?q=" + control);
      assertProblem(r, 400);
      assertEquals(List.of("q"), fields(r.json()), control);
    }
    RawHttp.Response both = get("/api/search?q=%01&tag=x%00&size=5");
    assertProblem(both, 400);
    assertEquals(List.of("q", "tag"), fields(both.json()));
    assertEquals(200, get("/api/search?q=caf%C3%A9%20au%20lait").status());
  }

  @Test
  void controlCharactersInThePathAre400NamingThePath() throws Exception {
    for (String id : List.of("%00", "a%01b", "%1B%5B2J", "%7F")) {
      RawHttp.Response r = get("/api/things/" + id);
      assertProblem(r, 400);
      assertEquals(List.of("path"), fields(r.json()), id);
    }
    assertEquals(200, get("/api/things/%31").status());
  }

  @Test
  void aMalformedPercentEncodingIs400() throws Exception {
    assertProblem(get("/api/search?q=%zz"), 400);
    assertProblem(get("/api/search?token=%"), 400);
  }

  @Test
  void aPathThatCannotBeNormalisedIsAProblemNotAnErrorInTheErrorHandler() throws Exception {
    List<LogRecord> severe = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
          severe.add(record);
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try {
      RawHttp.Response r = get("/api/%u002e%u002e/metrics");
      assertProblem(r, 400);
      assertEquals(r.header(RequestIds.HEADER), r.json().getString("requestId"));
      // Whatever the handling of the request logged came before its response.
      assertEquals(List.of(), severe.stream().map(LogRecord::getMessage).toList());
    } finally {
      root.removeHandler(capture);
    }
  }

  @Test
  void requestLinesNettyRejectsAreProblemsToo() throws Exception {
    for (String version : List.of("HTTP/1.2", "HTTP/2.0", "HTTPS/1.1", "HTTP/0.9x")) {
      RawHttp.Response r = RawHttp.exchange(port, "GET /api/things/1 " + version + "\r\nHost: localhost\r\n\r\n");
      assertProblem(r, 400);
      assertEquals("close", r.header("Connection"), version);
    }
    assertProblem(RawHttp.exchange(port, "THIS IS NOT HTTP\r\n\r\n"), 400);
    assertProblem(RawHttp.exchange(port, "GET /api/things/1 HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n"), 400);
  }

  @Test
  void aTooLongUriIs414AndTooLargeHeadersAre431() throws Exception {
    assertProblem(get("/api/things/" + "a".repeat(5000)), 414);
    RawHttp.Response headers = RawHttp.exchange(port, "GET /api/things/1 HTTP/1.1\r\nHost: localhost\r\nX-Big: "
        + "b".repeat(9000) + "\r\n\r\n");
    assertProblem(headers, 431);
  }

  @Test
  void bodiesMustBeStrictUtf8() throws Exception {
    byte[][] malformed = {
        {'{', '"', 'a', '"', ':', '"', (byte) 0xc0, (byte) 0xae, '"', '}'},              // overlong "."
        {'{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'}, // an encoded surrogate
        {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'},                           // never valid
        {'{', '"', 'a', '"', ':', '"', (byte) 0xe2, (byte) 0x82, '"', '}'},              // truncated
    };
    for (byte[] body : malformed) {
      HttpResponse<Buffer> r = postNote(body);
      assertEquals(400, r.statusCode(), r.bodyAsString());
      assertEquals(Problems.CONTENT_TYPE, r.getHeader("Content-Type"));
      assertEquals("The request body is not valid UTF-8.", r.bodyAsJsonObject().getString("detail"));
    }
    assertEquals(200, postNote("{\"a\":\"caf\u00e9 \ud83d\ude00\"}".getBytes(StandardCharsets.UTF_8)).statusCode());
  }

  @Test
  void controlCharactersAndLoneSurrogatesInJsonStringsAre400ListingEveryField() throws Exception {
    String body = "{\"title\":\"a\\u0000b\",\"summary\":\"line one\\nline two\\ttab\",\"tags\":[\"ok\",\"\\u001b[31m\"],"
        + "\"lesson\":{\"title\":\"\\ud800\"},\"fine\":\"\\ud83d\\ude00\"}";
    HttpResponse<Buffer> r = postNote(body.getBytes(StandardCharsets.UTF_8));
    assertEquals(400, r.statusCode(), r.bodyAsString());
    assertEquals(Problems.CONTENT_TYPE, r.getHeader("Content-Type"));
    assertEquals(List.of("title", "tags[1]", "lesson.title"), fields(r.bodyAsJsonObject()));
  }

  @Test
  void aBodyThatIsNotAJsonObjectIs400AndAnotherMediaTypeIs415() throws Exception {
    assertEquals(400, postNote("[1,2]".getBytes(StandardCharsets.UTF_8)).statusCode());
    assertEquals(400, postNote("{\"a\":".getBytes(StandardCharsets.UTF_8)).statusCode());
    HttpResponse<Buffer> text = Await.result(client.request(HttpMethod.POST, port, "127.0.0.1", "/api/notes")
        .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("{}")));
    assertEquals(415, text.statusCode());
    assertEquals(Problems.CONTENT_TYPE, text.getHeader("Content-Type"));
  }
}
