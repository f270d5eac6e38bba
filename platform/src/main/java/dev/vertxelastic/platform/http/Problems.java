package dev.vertxelastic.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns every failure of a router into an {@code application/problem+json} response, in one place. */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger LOG = Logger.getLogger(Problems.class.getName());
  private static final int[] ROUTER_STATUSES = {400, 401, 403, 404, 405, 406, 413, 415, 500, 501, 503};

  private Problems() {
  }

  /** Installs the failure handler and the router's own error pages (404, 405, 413, ...). */
  public static void install(Router router) {
    router.route().failureHandler(Problems::handleFailure);
    for (int status : ROUTER_STATUSES) {
      router.errorHandler(status, Problems::handleFailure);
    }
  }

  /**
   * The failure handler: maps the failure to a problem and writes it, never leaking a stack trace.
   * It never fails itself (a failing failure handler makes Vert.x answer a bare text 500): should
   * anything go wrong here, a fixed problem document goes out, or the exchange is cut.
   */
  public static void handleFailure(RoutingContext ctx) {
    try {
      String path = path(ctx);
      Problem problem = toProblem(ctx.failure(), ctx.statusCode(), ctx.request().method().name(), path);
      if (problem.status() >= 500 && !(ctx.failure() instanceof Problem)) {
        LOG.log(Level.SEVERE, "requestId=" + RequestIds.get(ctx) + " " + ctx.request().method() + " " + path
            + " failed", ctx.failure());
      }
      write(ctx, problem);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "the failure handler failed", e);
      writeFallback(ctx.response());
    }
  }

  public static void write(RoutingContext ctx, Problem problem) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Too late for a problem document: cut the exchange so the client sees the failure.
      response.reset();
      return;
    }
    write(response, problem, path(ctx), RequestIds.get(ctx));
  }

  /** The normalised request path; the raw one (without control characters, cut short) when it cannot be normalised. */
  static String path(RoutingContext ctx) {
    try {
      return ctx.normalizedPath();
    } catch (RuntimeException malformed) {
      String raw = ctx.request().path();
      if (raw == null) {
        return null;
      }
      String printable = raw.replaceAll("[^\\x21-\\x7e]", "?");
      return printable.length() > 200 ? printable.substring(0, 200) : printable;
    }
  }

  private static void writeFallback(HttpServerResponse response) {
    try {
      if (response.headWritten()) {
        response.reset();
      } else {
        response.setStatusCode(500).putHeader("Content-Type", CONTENT_TYPE)
            .end("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "the fallback problem could not be written", e);
    }
  }

  public static void write(HttpServerResponse response, Problem problem, String instance, String requestId) {
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response.setStatusCode(problem.status()).putHeader("Content-Type", CONTENT_TYPE);
    problem.headers().forEach(response::putHeader);
    response.end(problem.toJson(instance, requestId).encode());
  }

  /** A handler that fails every request with {@code problem}. */
  public static Handler<RoutingContext> always(Problem problem) {
    return ctx -> ctx.fail(problem);
  }

  static Problem toProblem(Throwable failure, int statusCode, String method, String path) {
    if (failure instanceof Problem p) {
      return p;
    }
    if (failure instanceof DecodeException) {
      return Problem.badRequest("The request body is not valid JSON.");
    }
    if (failure instanceof IllegalArgumentException && statusCode == 400) {
      return Problem.badRequest("The request is malformed.");
    }
    if (failure instanceof HttpException http) {
      return fromStatus(http.getStatusCode(), http.getPayload(), method, path);
    }
    if (failure != null && statusCode == -1) {
      return new Problem(500, "Internal Server Error", "The server failed to handle the request.");
    }
    return fromStatus(statusCode == -1 ? 500 : statusCode, null, method, path);
  }

  private static Problem fromStatus(int status, String payload, String method, String path) {
    return switch (status) {
      case 400 -> Problem.badRequest(payload != null ? payload : "The request is malformed.");
      case 401 -> Problem.unauthorized("A valid bearer token is required.");
      case 403 -> Problem.forbidden("You are not allowed to do this.");
      case 404 -> Problem.notFound("No resource at " + path + ".");
      case 405 -> new Problem(405, "Method Not Allowed", method + " is not allowed on " + path + ".");
      case 406 -> new Problem(406, "Not Acceptable", "No acceptable representation.");
      case 413 -> new Problem(413, "Content Too Large", "The request body is too large.");
      case 415 -> new Problem(415, "Unsupported Media Type", "Send the body as application/json.");
      case 503 -> Problem.unavailable("The service is not available right now.", 1);
      default -> status >= 400 && status < 600
          ? new Problem(status, status >= 500 ? "Internal Server Error" : "Bad Request",
              status >= 500 ? "The server failed to handle the request." : "The request was rejected.")
          : new Problem(500, "Internal Server Error", "The server failed to handle the request.");
    };
  }

}
