package dev.vertxelastic.gateway.discovery;

/** The API server refused a request or ended a watch with a Status: its HTTP code, reason and message. */
final class ApiFailure extends RuntimeException {

  /** The Status cause the API server gives when asked for a version its cache has not reached yet (with 504). */
  static final String TOO_LARGE_VERSION = "ResourceVersionTooLarge";

  final int code;
  final String reason;

  ApiFailure(int code, String message) {
    this(code, "", message);
  }

  ApiFailure(int code, String reason, String message) {
    super(code + ": " + message, null, false, false);
    this.code = code;
    this.reason = reason == null ? "" : reason;
  }

  static boolean isGone(Throwable failure) {
    return failure instanceof ApiFailure api && api.code == 410;
  }

  static boolean isForbidden(Throwable failure) {
    return failure instanceof ApiFailure api && api.code == 403;
  }

  static boolean isTooManyRequests(Throwable failure) {
    return failure instanceof ApiFailure api && api.code == 429;
  }

  /** client-go's isTooLargeResourceVersionError: 504 with the ResourceVersionTooLarge cause, or its message. */
  static boolean isTooLargeVersion(Throwable failure) {
    return failure instanceof ApiFailure api && api.code == 504
        && (TOO_LARGE_VERSION.equals(api.reason) || api.getMessage().toLowerCase(java.util.Locale.ROOT).contains("too large resource version"));
  }
}
