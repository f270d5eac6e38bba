package dev.vertxelastic.game.bot;

import java.net.URI;

/** Where the bots talk to: the gateway, or one game instance. */
record Endpoint(String host, int port, boolean ssl) {

  Endpoint {
    if (host == null || host.isBlank() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("an endpoint needs a host and a port from 1 to 65535");
    }
  }

  /** {@code http://host:port} or {@code https://host:port}. */
  static Endpoint parse(String url) {
    URI uri = URI.create(url);
    boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
    if (!ssl && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("--url must look like http://host:port, not " + url);
    }
    return new Endpoint(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80, ssl);
  }

  @Override
  public String toString() {
    return (ssl ? "https://" : "http://") + host + ":" + port;
  }
}
