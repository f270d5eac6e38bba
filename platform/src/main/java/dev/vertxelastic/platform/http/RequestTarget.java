package dev.vertxelastic.platform.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A router's guard for the request target, before any route matches: a path that cannot be
 * normalised (e.g. {@code %u002e}) or decoded, or a query string that cannot be decoded (a bad
 * {@code %} escape) is a 400 problem, and so is a path or any query parameter, name or value,
 * holding control characters or unpaired surrogates (every such parameter listed).
 */
public final class RequestTarget {

  private RequestTarget() {
  }

  public static void check(RoutingContext ctx) {
    String path;
    try {
      ctx.normalizedPath();
      path = URLDecoder.decode(ctx.request().path().replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (RuntimeException malformed) {
      ctx.fail(Problem.badRequest("The request path is malformed."));
      return;
    }
    String pathFlaw = InputText.flaw(path, false);
    if (pathFlaw != null) {
      // Path parameters are decoded from it: an id of control characters never reaches a handler.
      ctx.fail(Problem.invalid(List.of(new Problem.FieldError("path", pathFlaw))));
      return;
    }
    if (ctx.request().query() == null) {
      ctx.next();
      return;
    }
    MultiMap params;
    try {
      params = ctx.request().params();
    } catch (RuntimeException malformed) {
      ctx.fail(Problem.badRequest("The query string is malformed (a bad percent-encoding)."));
      return;
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    for (Map.Entry<String, String> param : params) {
      String nameFlaw = InputText.flaw(param.getKey(), false);
      if (nameFlaw != null) {
        errors.add(new Problem.FieldError("(a parameter name)", "parameter names " + nameFlaw));
        continue;
      }
      String flaw = InputText.flaw(param.getValue(), false);
      if (flaw != null && errors.stream().noneMatch(e -> e.field().equals(param.getKey()))) {
        errors.add(new Problem.FieldError(param.getKey(), flaw));
      }
    }
    if (errors.isEmpty()) {
      ctx.next();
    } else {
      ctx.fail(Problem.invalid(errors));
    }
  }
}
