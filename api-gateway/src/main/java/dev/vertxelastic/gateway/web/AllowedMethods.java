package dev.vertxelastic.gateway.web;

import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The methods a path the gateway serves itself takes: any other method (TRACE, PATCH, an unknown
 * one) is a 405 problem with an {@code Allow} header (RFC 9110 §15.5.6), never a 404 or a proxied call.
 * Declared after the path's own routes, which take the allowed methods first.
 */
public final class AllowedMethods implements Handler<RoutingContext> {

  private final Set<HttpMethod> allowed;
  private final String header;

  private AllowedMethods(List<HttpMethod> allowed) {
    if (allowed.isEmpty()) {
      throw new IllegalArgumentException("a path takes at least one method");
    }
    this.allowed = Set.copyOf(allowed);
    this.header = allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
  }

  /** Lets {@code first} and {@code more} through to the next route; fails every other method with 405. */
  public static AllowedMethods only(HttpMethod first, HttpMethod... more) {
    return new AllowedMethods(Stream.concat(Stream.of(first), Stream.of(more)).toList());
  }

  /** The {@code Allow} header's value. */
  public String header() {
    return header;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (allowed.contains(ctx.request().method())) {
      ctx.next();
    } else {
      ctx.fail(new Problem(405, "Method Not Allowed", ctx.request().method().name() + " is not allowed on "
          + ctx.normalizedPath() + "; allowed: " + header + ".", List.of(), Map.of("Allow", header)));
    }
  }
}
