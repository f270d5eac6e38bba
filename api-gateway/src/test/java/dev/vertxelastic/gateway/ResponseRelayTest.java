package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The upstream's answer on its way to the client: whole, in order, with back-pressure, and never
 * passed off as complete when the upstream stopped sending halfway.
 */
@ExtendWith(VertxExtension.class)
class ResponseRelayTest {

  private static final int BIG = 96 * 1024 * 1024;
  private static final int SLICE = 64 * 1024;
  private static final int CUT_DECLARED = 100_000;
  private static final int CUT_SENT = 30_000;

  static HttpServer backend;
  static final AtomicLong bigSent = new AtomicLong();
  /** Big answers whose connection closed before they were whole. */
  static final AtomicLong bigCut = new AtomicLong();
  /** "compressed at the origin", gzipped as the upstream would send it. */
  static final byte[] GZIPPED = gzip("compressed at the origin");
  static final AtomicReference<String> acceptedEncoding = new AtomicReference<>();
  static ServiceRuntime<GatewayVerticle> gateway;
  static NetClient raw;
  static int port;

  @BeforeAll
  static void start(Vertx vertx) {
    backend = Await.result(vertx.createHttpServer().requestHandler(ResponseRelayTest::answer).listen(0));
    // An idle timeout far longer than any wait below: a connection the gateway closes was closed on purpose.
    gateway = Gateways.start("gateway-relay", Map.of(
        "GATEWAY_UPSTREAMS", "relay=relay-1@http://127.0.0.1:" + backend.actualPort(),
        "GATEWAY_IDLE_TIMEOUT", "10m",
        "GATEWAY_REQUEST_TIMEOUT", "10m"));
    port = gateway.verticle().actualPort();
    raw = vertx.createNetClient();
  }

  @AfterAll
  static void stop() {
    Await.result(gateway.stop());
    Await.result(backend.close());
  }

  private static void answer(HttpServerRequest request) {
    HttpServerResponse response = request.response().putHeader("Content-Type", "application/octet-stream");
    switch (request.path()) {
      case "/api/relay/small" -> response.end("small answer");
      case "/api/relay/chunked" -> {
        response.setChunked(true);
        for (int i = 0; i < 5; i++) {
          response.write("part-" + i + ";");
        }
        response.end();
      }
      case "/api/relay/big" -> {
        response.closeHandler(v -> bigCut.incrementAndGet());
        streamBig(response, 0);
      }
      case "/api/relay/not-modified" -> response.setStatusCode(304).putHeader("ETag", "\"v1\"").end();
      case "/api/relay/gzipped" -> {
        acceptedEncoding.set(request.getHeader("Accept-Encoding"));
        response.putHeader("Content-Encoding", "gzip").end(Buffer.buffer(GZIPPED));
      }
      case "/api/relay/reason" -> response.setStatusCode(200).setStatusMessage("Fine Indeed").end("reason");
      case "/api/relay/cut-length" -> response.putHeader("Content-Length", Integer.toString(CUT_DECLARED))
          .write(Buffer.buffer(new byte[CUT_SENT])).onComplete(sent -> request.connection().close());
      case "/api/relay/cut-chunked" -> response.setChunked(true)
          .write(Buffer.buffer(new byte[CUT_SENT])).onComplete(sent -> request.connection().close());
      default -> response.setStatusCode(404).end();
    }
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** {@value #BIG} bytes with a Content-Length, written only as fast as the connection takes them. */
  private static void streamBig(HttpServerResponse response, int from) {
    if (from == 0) {
      bigSent.set(0);
      response.putHeader("Content-Length", Integer.toString(BIG));
    }
    int at = from;
    while (at < BIG && !response.writeQueueFull()) {
      int length = Math.min(SLICE, BIG - at);
      byte[] slice = new byte[length];
      for (int i = 0; i < length; i++) {
        slice[i] = (byte) (at + i);
      }
      response.write(Buffer.buffer(slice));
      at += length;
      bigSent.set(at);
    }
    if (at == BIG) {
      response.end();
    } else {
      int next = at;
      response.drainHandler(v -> streamBig(response, next));
    }
  }

  /** A GET on a raw connection; the connection's bytes as they come (appended on its event loop, read by the test), and its close. */
  private static final class Raw {
    private final StringBuilder received = new StringBuilder();
    final Promise<Void> closed = Promise.promise();
    final NetSocket socket;

    Raw(String path) {
      this(path, "");
    }

    Raw(String path, String headers) {
      socket = Await.result(raw.connect(port, "127.0.0.1"));
      socket.handler(this::append);
      socket.closeHandler(v -> closed.tryComplete());
      Await.result(socket.write("GET " + path + " HTTP/1.1\r\nHost: relay.test\r\n" + headers + "\r\n"));
    }

    private synchronized void append(Buffer bytes) {
      received.append(bytes.toString(StandardCharsets.ISO_8859_1));
    }

    synchronized String text() {
      return received.toString();
    }

    int bodyLength() {
      String text = text();
      return text.length() - (text.indexOf("\r\n\r\n") + 4);
    }
  }

  @Test
  void aSmallAnswerArrivesWholeAndTheConnectionCarriesTheNextRequest() {
    Raw connection = new Raw("/api/relay/small");
    Await.until("the first answer", () -> connection.text().endsWith("small answer"));
    Await.result(connection.socket.write("GET /api/relay/small HTTP/1.1\r\nHost: relay.test\r\n\r\n"));
    Await.until("the second answer on the same connection",
        () -> connection.text().split("small answer", -1).length == 3, connection::text);
    assertTrue(connection.text().startsWith("HTTP/1.1 200 OK\r\n"), connection::text);
    assertTrue(connection.text().toLowerCase().contains("content-length: 12\r\n"), connection::text);
    assertFalse(connection.closed.future().isComplete());
    connection.socket.close();
  }

  @Test
  void aNotModifiedAnswerArrivesAsOneWithoutBodyFramingAndTheConnectionCarriesTheNextRequest() {
    Raw connection = new Raw("/api/relay/not-modified");
    Await.until("the 304", () -> connection.text().contains("\r\n\r\n"), connection::text);
    Await.result(connection.socket.write("GET /api/relay/small HTTP/1.1\r\nHost: relay.test\r\n\r\n"));
    Await.until("the next answer on the same connection", () -> connection.text().endsWith("small answer"), connection::text);
    String notModified = connection.text().substring(0, connection.text().indexOf("\r\n\r\n") + 4);
    assertTrue(notModified.startsWith("HTTP/1.1 304 Not Modified\r\n"), notModified);
    assertTrue(notModified.toLowerCase().contains("etag: \"v1\"\r\n"), notModified);
    assertFalse(notModified.toLowerCase().contains("transfer-encoding"), notModified);
    assertTrue(connection.text().substring(notModified.length()).startsWith("HTTP/1.1 200 OK\r\n"), connection::text);
    connection.socket.close();
  }

  @Test
  void anAnswerKeepsTheUpstreamsEncodingWhateverTheClientAccepts() {
    // Compressed once, at the origin: the gateway passes Accept-Encoding on and relays the bytes as they come.
    Raw plain = new Raw("/api/relay/small", "Accept-Encoding: gzip\r\n");
    Await.until("the plain answer", () -> plain.text().contains("\r\n\r\n") && plain.bodyLength() >= 12, plain::text);
    assertTrue(plain.text().endsWith("\r\n\r\nsmall answer"), plain::text);
    assertFalse(plain.text().toLowerCase().contains("content-encoding"), plain::text);
    plain.socket.close();

    Raw gzipped = new Raw("/api/relay/gzipped", "Accept-Encoding: gzip\r\n");
    Await.until("the gzipped answer", () -> gzipped.text().contains("\r\n\r\n") && gzipped.bodyLength() >= GZIPPED.length, gzipped::text);
    assertEquals("gzip", acceptedEncoding.get());
    assertTrue(gzipped.text().toLowerCase().contains("content-encoding: gzip\r\n"), gzipped::text);
    String body = gzipped.text().substring(gzipped.text().indexOf("\r\n\r\n") + 4);
    assertEquals(new String(GZIPPED, StandardCharsets.ISO_8859_1), body);
    gzipped.socket.close();
  }

  @Test
  void theUpstreamsOwnReasonPhraseIsRelayed() {
    Raw connection = new Raw("/api/relay/reason");
    Await.until("the answer", () -> connection.text().endsWith("reason"), connection::text);
    assertTrue(connection.text().startsWith("HTTP/1.1 200 Fine Indeed\r\n"), connection::text);
    connection.socket.close();
  }

  @Test
  void aChunkedAnswerArrivesWholeWithItsLastChunk() {
    Raw connection = new Raw("/api/relay/chunked");
    Await.until("the last chunk", () -> connection.text().endsWith("\r\n0\r\n\r\n"), connection::text);
    String body = connection.text().substring(connection.text().indexOf("\r\n\r\n") + 4).replaceAll("[0-9a-f]+\r\n|\r\n", "");
    assertEquals("part-0;part-1;part-2;part-3;part-4;", body);
    connection.socket.close();
  }

  @Test
  void anAnswerCutShortUpstreamClosesTheClientsConnectionInsteadOfEndingTheResponse() {
    Raw connection = new Raw("/api/relay/cut-length");
    Await.result(connection.closed.future());
    assertTrue(connection.text().startsWith("HTTP/1.1 200 OK\r\n"), connection::text);
    assertTrue(connection.bodyLength() <= CUT_SENT, () -> "body bytes: " + connection.bodyLength());
  }

  @Test
  void aChunkedAnswerCutShortUpstreamNeverGetsItsLastChunk() {
    Raw connection = new Raw("/api/relay/cut-chunked");
    Await.result(connection.closed.future());
    assertTrue(connection.text().startsWith("HTTP/1.1 200 OK\r\n"), connection::text);
    assertFalse(connection.text().endsWith("\r\n0\r\n\r\n"), "a cut answer must not look complete");
  }

  @Test
  void aClientThatStopsReadingHoldsTheUpstreamBackAndThenGetsEveryByteInOrder(Vertx vertx) {
    NetSocket socket = Await.result(raw.connect(port, "127.0.0.1"));
    AtomicLong read = new AtomicLong();
    AtomicLong bodyRead = new AtomicLong(-1);
    Promise<Void> whole = Promise.promise();
    Buffer head = Buffer.buffer();
    socket.handler(bytes -> {
      read.addAndGet(bytes.length());
      int from = 0;
      if (bodyRead.get() < 0) {
        head.appendBuffer(bytes);
        int end = head.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
        if (end < 0) {
          return;
        }
        from = bytes.length() - (head.length() - end - 4);
        bodyRead.set(0);
      }
      for (int i = from; i < bytes.length(); i++) {
        long at = bodyRead.getAndIncrement();
        if (bytes.getByte(i) != (byte) at) {
          whole.tryFail("byte " + at + " is " + bytes.getByte(i));
          return;
        }
      }
      if (bodyRead.get() == BIG) {
        whole.tryComplete();
      }
    });
    socket.pause();
    Await.result(socket.write("GET /api/relay/big HTTP/1.1\r\nHost: relay.test\r\n\r\n"));
    // The sockets' buffers between the three fill up (about 12 MiB here; at most 4 + 32 + 4 MiB by this kernel's
    // tcp_wmem and tcp_rmem), then the backend must wait; without back-pressure the gateway would read all of it.
    Await.until("the backend to be held back", () -> {
      long before = bigSent.get();
      return before > 0 && Await.result(vertx.timer(300).map(v -> bigSent.get() == before));
    }, () -> "sent " + bigSent.get());
    long held = bigSent.get();
    assertTrue(held < BIG / 2, () -> "the backend sent " + held + " of " + BIG + " bytes to a client that reads nothing");
    assertEquals(0, read.get());
    socket.resume();
    Await.result(whole.future());
    assertEquals(BIG, bodyRead.get());
    socket.close();
  }

  @Test
  void aClientThatLeavesHalfwayLetsGoOfTheUpstreamConnection() {
    long cutBefore = bigCut.get();
    NetSocket socket = Await.result(raw.connect(port, "127.0.0.1"));
    socket.handler(bytes -> { });
    socket.pause();
    Await.result(socket.write("GET /api/relay/big HTTP/1.1\r\nHost: relay.test\r\n\r\n"));
    Await.until("the backend to start sending", () -> bigSent.get() > 0);
    Await.result(socket.close());
    // Held back by a client that is gone, the upstream exchange would hold its connection paused for ever.
    Await.until("the backend's answer to be cut", () -> bigCut.get() > cutBefore, () -> "sent " + bigSent.get());
  }
}
