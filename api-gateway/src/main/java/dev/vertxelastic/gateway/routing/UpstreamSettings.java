package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway talks to upstreams: the one deadline of an exchange (connecting, the one retry
 * and the response headers), how long a client may leave its request body unsent, the circuit
 * breaker of each service, and the connections per endpoint: pooled HTTP connections and,
 * separately, WebSocket tunnels (one connection each).
 */
public record UpstreamSettings(Duration requestTimeout, Duration bodyTimeout, Breaker breaker, int poolSize, int tunnelsPerEndpoint) {

  /**
   * A service's breaker opens when at least {@code minFailures} of its last {@code window} calls
   * (within {@link ServiceCircuit#HORIZON_NANOS}) failed for upstream reasons and they are at
   * least {@code failureRatePercent} of them; it lets one trial call through after {@code reset}.
   */
  public record Breaker(int window, int minFailures, int failureRatePercent, Duration reset) {
    public Breaker {
      Objects.requireNonNull(reset, "reset");
      if (window < 1 || minFailures < 1 || failureRatePercent < 1 || failureRatePercent > 100 || !positive(reset)) {
        throw new IllegalArgumentException("breaker window, failures and reset must be positive, the rate 1..100");
      }
    }
  }

  public UpstreamSettings {
    Objects.requireNonNull(breaker, "breaker");
    if (!positive(requestTimeout) || !positive(bodyTimeout)) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (poolSize < 1 || tunnelsPerEndpoint < 1) {
      throw new IllegalArgumentException("poolSize and tunnelsPerEndpoint must be positive");
    }
  }

  /**
   * {@code GATEWAY_REQUEST_TIMEOUT} (10s), {@code GATEWAY_BODY_TIMEOUT} (10s), {@code GATEWAY_BREAKER_WINDOW} (10 calls),
   * {@code GATEWAY_BREAKER_MAX_FAILURES} (5), {@code GATEWAY_BREAKER_FAILURE_RATE} (50 %), {@code GATEWAY_BREAKER_RESET} (5s),
   * {@code GATEWAY_POOL_SIZE} (100), {@code GATEWAY_TUNNELS_PER_ENDPOINT} (2000).
   */
  public static UpstreamSettings fromEnv(Env env) {
    return new UpstreamSettings(
        positive(env, "GATEWAY_REQUEST_TIMEOUT", Duration.ofSeconds(10)),
        positive(env, "GATEWAY_BODY_TIMEOUT", Duration.ofSeconds(10)),
        new Breaker(
            env.integer("GATEWAY_BREAKER_WINDOW", 10, 1, 10_000),
            env.integer("GATEWAY_BREAKER_MAX_FAILURES", 5, 1, 10_000),
            env.integer("GATEWAY_BREAKER_FAILURE_RATE", 50, 1, 100),
            positive(env, "GATEWAY_BREAKER_RESET", Duration.ofSeconds(5))),
        env.integer("GATEWAY_POOL_SIZE", 100, 1, 10_000),
        env.integer("GATEWAY_TUNNELS_PER_ENDPOINT", 2_000, 1, 100_000));
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isZero() && !d.isNegative();
  }

  private static Duration positive(Env env, String name, Duration defaultValue) {
    Duration d = env.duration(name, defaultValue);
    if (d.isZero()) {
      throw new ConfigException(name, env.raw(name), "must be longer than zero");
    }
    return d;
  }
}
