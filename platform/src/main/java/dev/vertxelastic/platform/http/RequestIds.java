package dev.vertxelastic.platform.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The {@code X-Request-Id} correlation id: taken from the request when sane, generated otherwise. */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  private static final String KEY = "requestId";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestIds() {
  }

  /** First handler of every router: fixes the id, echoes it in the response, keeps it in the context. */
  public static void handle(RoutingContext ctx) {
    String id = incoming(ctx.request());
    ctx.put(KEY, id);
    // The gateway forwards the raw request: make the header the one we chose.
    ctx.request().headers().set(HEADER, id);
    ctx.response().putHeader(HEADER, id);
    ctx.next();
  }

  public static String get(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id != null ? id : incoming(ctx.request());
  }

  static String incoming(HttpServerRequest request) {
    String id = request.getHeader(HEADER);
    return id != null && SANE.matcher(id).matches() ? id : randomId();
  }

  /** A random (version 4) UUID: a correlation id needs no secure random numbers, which cost a lock and more per request. */
  static String randomId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong() & ~0xF000L | 0x4000L;
    long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
