package dev.vertxelastic.platform.discovery;

import java.util.Objects;

/**
 * One instance (a pod, or a local process) serving a service. {@code ready}: may take new work;
 * {@code serving}: still answers work it already has (a terminating pod that drains).
 */
public record Endpoint(String service, String instance, String host, int port, boolean ready, boolean serving) {

  public Endpoint {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("endpoint port out of range: " + port);
    }
  }

  /** The instance id of an endpoint whose registration names none (static discovery without {@code id@}). */
  public static String unnamed(String host, int port) {
    return host + "-" + port;
  }

  /** Whether the instance id was given (a pod name, an {@code INSTANCE_ID}, {@code id@url}), not made up from the address. */
  public boolean named() {
    return !instance.equals(unnamed(host, port));
  }

  /** {@code host:port}, the key of the endpoint's connections. */
  public String address() {
    return host + ":" + port;
  }
}
