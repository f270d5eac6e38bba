package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway talks to upstreams: the time an upstream has to answer with response headers,
 * the circuit breaker of each service, and the connection pool per endpoint.
 */
public record UpstreamSettings(Duration requestTimeout, int breakerMaxFailures, Duration breakerReset, int poolSize) {

  public UpstreamSettings {
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(breakerReset, "breakerReset");
    if (requestTimeout.isZero() || requestTimeout.isNegative() || breakerReset.isZero() || breakerReset.isNegative()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (breakerMaxFailures < 1 || poolSize < 1) {
      throw new IllegalArgumentException("breakerMaxFailures and poolSize must be positive");
    }
  }

  /** {@code GATEWAY_REQUEST_TIMEOUT} (10s), {@code GATEWAY_BREAKER_MAX_FAILURES} (5), {@code GATEWAY_BREAKER_RESET} (5s), {@code GATEWAY_POOL_SIZE} (100). */
  public static UpstreamSettings fromEnv(Env env) {
    return new UpstreamSettings(
        positive(env, "GATEWAY_REQUEST_TIMEOUT", Duration.ofSeconds(10)),
        env.integer("GATEWAY_BREAKER_MAX_FAILURES", 5, 1, 10_000),
        positive(env, "GATEWAY_BREAKER_RESET", Duration.ofSeconds(5)),
        env.integer("GATEWAY_POOL_SIZE", 100, 1, 10_000));
  }

  private static Duration positive(Env env, String name, Duration defaultValue) {
    Duration d = env.duration(name, defaultValue);
    if (d.isZero()) {
      throw new ConfigException(name, env.raw(name), "must be longer than zero");
    }
    return d;
  }
}
