package dev.vertxelastic.gateway.routing;

/** How one upstream request ended: the {@code outcome} label of {@code gateway_upstream_requests_total}. */
enum Outcome {
  SUCCESS("success"),
  CLIENT_ERROR("client_error"),
  SERVER_ERROR("server_error"),
  TIMEOUT("timeout"),
  CONNECT_ERROR("connect_error"),
  REJECTED("rejected");

  final String label;

  Outcome(String label) {
    this.label = label;
  }

  static Outcome ofStatus(int status) {
    if (status >= 500) {
      return SERVER_ERROR;
    }
    return status >= 400 ? CLIENT_ERROR : SUCCESS;
  }
}
