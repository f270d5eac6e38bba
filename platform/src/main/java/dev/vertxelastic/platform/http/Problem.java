package dev.vertxelastic.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * A failure that carries its HTTP status; the failure handler turns it into an
 * {@code application/problem+json} response (RFC 9457). Thrown or used to fail a context/future.
 */
public final class Problem extends RuntimeException {

  /** One bad input field: where it is and what is wrong with it. */
  public record FieldError(String field, String message) {
    public JsonObject toJson() {
      return new JsonObject().put("field", field).put("message", message);
    }
  }

  private final int status;
  private final String title;
  private final List<FieldError> errors;
  private final Map<String, String> headers;

  public Problem(int status, String title, String detail, List<FieldError> errors, Map<String, String> headers) {
    super(detail, null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("problem status must be 4xx or 5xx: " + status);
    }
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.headers = Map.copyOf(headers);
  }

  public Problem(int status, String title, String detail) {
    this(status, title, detail, List.of(), Map.of());
  }

  public static Problem badRequest(String detail) {
    return new Problem(400, "Bad Request", detail);
  }

  public static Problem invalid(List<FieldError> errors) {
    return new Problem(400, "Bad Request", "The request has invalid fields.", errors, Map.of());
  }

  public static Problem unauthorized(String detail) {
    return new Problem(401, "Unauthorized", detail, List.of(), Map.of("WWW-Authenticate", "Bearer"));
  }

  public static Problem forbidden(String detail) {
    return new Problem(403, "Forbidden", detail);
  }

  public static Problem notFound(String detail) {
    return new Problem(404, "Not Found", detail);
  }

  public static Problem conflict(String detail) {
    return new Problem(409, "Conflict", detail);
  }

  public static Problem unavailable(String detail, int retryAfterSeconds) {
    return new Problem(503, "Service Unavailable", detail, List.of(), Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
  }

  public static Problem gatewayTimeout(String detail) {
    return new Problem(504, "Gateway Timeout", detail);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The problem document; {@code instance} is the request path, {@code requestId} the correlation id. */
  public JsonObject toJson(String instance, String requestId) {
    JsonObject json = new JsonObject()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status);
    if (getMessage() != null) {
      json.put("detail", getMessage());
    }
    if (instance != null) {
      json.put("instance", instance);
    }
    if (requestId != null) {
      json.put("requestId", requestId);
    }
    if (!errors.isEmpty()) {
      json.put("errors", new JsonArray(errors.stream().map(FieldError::toJson).toList()));
    }
    return json;
  }
}
