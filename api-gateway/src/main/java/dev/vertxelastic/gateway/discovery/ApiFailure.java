package dev.vertxelastic.gateway.discovery;

/** The API server refused a request or ended a watch with a Status: its HTTP code and message. */
final class ApiFailure extends RuntimeException {

  final int code;

  ApiFailure(int code, String message) {
    super(code + ": " + message, null, false, false);
    this.code = code;
  }

  static boolean isGone(Throwable failure) {
    return failure instanceof ApiFailure api && api.code == 410;
  }

  static boolean isForbidden(Throwable failure) {
    return failure instanceof ApiFailure api && api.code == 403;
  }
}
