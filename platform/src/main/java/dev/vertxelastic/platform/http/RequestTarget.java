package dev.vertxelastic.platform.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A router's guard for the request target, before any route matches: a path that cannot be
 * normalised (e.g. {@code %u002e}) or a query string that cannot be decoded (a bad {@code %}
 * escape) is a 400 problem, and so is any query parameter, name or value, holding control
 * characters or unpaired surrogates (every such parameter listed).
 */
public final class RequestTarget {

  private RequestTarget() {
  }

  public static void check(RoutingContext ctx) {
    try {
      ctx.normalizedPath();
    } catch (RuntimeException malformed) {
      ctx.fail(Problem.badRequest("The request path is malformed."));
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
