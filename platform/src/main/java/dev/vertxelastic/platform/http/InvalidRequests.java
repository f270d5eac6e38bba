package dev.vertxelastic.platform.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Problem documents for the requests Netty cannot decode, which never reach a router: a malformed
 * request line or header (400), a request line too long (414), headers too large (431), and a
 * protocol other than HTTP/1.0 or HTTP/1.1 (400; Vert.x would answer an empty 501). The
 * connection is closed after the answer, as the stream cannot be trusted.
 */
public final class InvalidRequests {

  private static final Logger LOG = Logger.getLogger(InvalidRequests.class.getName());
  private static final String GUARD = "vertx-elastic-version-guard";

  private InvalidRequests() {
  }

  /** Installs the problem answers on {@code server}. */
  public static HttpServer install(HttpServer server) {
    return install(server, connection -> { });
  }

  /** Installs the problem answers on {@code server}, then hands every connection to {@code next} (a server has one connection handler). */
  public static HttpServer install(HttpServer server, Handler<HttpConnection> next) {
    return server.invalidRequestHandler(InvalidRequests::answer).connectionHandler(connection -> {
      guardVersions(connection);
      next.handle(connection);
    });
  }

  static void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem;
    if (cause instanceof TooLongHttpLineException) {
      problem = new Problem(414, "URI Too Long", "The request line is too long.");
    } else if (cause instanceof TooLongHttpHeaderException) {
      problem = new Problem(431, "Request Header Fields Too Large", "The request headers are too large.");
    } else if (cause instanceof UnsupportedVersion) {
      problem = Problem.badRequest("Only HTTP/1.0 and HTTP/1.1 requests are understood here.");
    } else {
      problem = Problem.badRequest("The request could not be parsed as HTTP.");
    }
    String requestId = UUID.randomUUID().toString();
    LOG.log(Level.FINE, () -> "requestId=" + requestId + " invalid request: " + cause);
    try {
      HttpServerResponse response = request.response();
      response.putHeader("Connection", "close").putHeader(RequestIds.HEADER, requestId);
      Problems.write(response, problem, null, requestId);
    } finally {
      request.connection().close();
    }
  }

  /**
   * Vert.x 5.0.7 answers a request line with another protocol version (HTTP/1.2, HTTP/2.0,
   * HTTPS/1.1) with a bare 501 before any handler runs: mark such a request as undecodable
   * (so {@link #answer} gets it) and give it a version a response can be written in.
   */
  static void guardVersions(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
    if (pipeline.get(GUARD) == null && pipeline.get("handler") != null) {
      pipeline.addBefore("handler", GUARD, new VersionGuard());
    }
  }

  private static final class VersionGuard extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
        HttpVersion version = request.protocolVersion();
        if (!HttpVersion.HTTP_1_1.equals(version) && !HttpVersion.HTTP_1_0.equals(version)) {
          request.setProtocolVersion(HttpVersion.HTTP_1_1);
          request.setDecoderResult(DecoderResult.failure(new UnsupportedVersion(version.text())));
        }
      }
      ctx.fireChannelRead(msg);
    }
  }

  static final class UnsupportedVersion extends Exception {
    UnsupportedVersion(String version) {
      super("unsupported protocol version " + version, null, false, false);
    }
  }
}
