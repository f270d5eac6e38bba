package dev.vertxelastic.gateway.routing;

/**
 * How one upstream exchange ended: the {@code outcome} label of {@code gateway_upstream_requests_total},
 * and whether it says the upstream is unhealthy (what a circuit breaker counts). A 500 is the
 * answer to one request, not a sign of an unhealthy service; 502, 503 and 504 are.
 */
enum Outcome {
  SUCCESS("success", false),
  CLIENT_ERROR("client_error", false),
  SERVER_ERROR("server_error", false),
  /** A 502, 503 or 504 from the upstream itself. */
  UNAVAILABLE("unavailable", true),
  TIMEOUT("timeout", true),
  CONNECT_ERROR("connect_error", true),
  /** The upstream closed or reset the exchange before its answer was complete. */
  RESET("reset", true),
  /** The client went away or never sent its body: nothing to hold against the upstream. */
  CLIENT_ABORT("client_abort", false),
  REJECTED("rejected", false);

  final String label;
  final boolean unhealthy;

  Outcome(String label, boolean unhealthy) {
    this.label = label;
    this.unhealthy = unhealthy;
  }

  static Outcome ofStatus(int status) {
    if (status == 502 || status == 503 || status == 504) {
      return UNAVAILABLE;
    }
    if (status >= 500) {
      return SERVER_ERROR;
    }
    return status >= 400 ? CLIENT_ERROR : SUCCESS;
  }
}
