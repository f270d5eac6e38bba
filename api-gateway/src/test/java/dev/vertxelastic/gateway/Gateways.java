package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.runtime.ServiceRuntime;

import dev.vertxelastic.platform.testing.Await;
import java.util.HashMap;
import java.util.Map;

/** Starts a gateway the way {@code main} does, on ephemeral ports with static discovery. */
public final class Gateways {

  public static final String SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789";
  public static final String INSTRUCTOR_PASSWORD = "instructor-test-password";

  private Gateways() {
  }

  public static ServiceRuntime<GatewayVerticle> start(String instanceId, Map<String, String> env) {
    Map<String, String> values = new HashMap<>(Map.of(
        "HTTP_PORT", "0",
        "MANAGEMENT_PORT", "0",
        "DISCOVERY", "static",
        "JWT_SECRET", SECRET,
        "INSTRUCTOR_PASSWORD", INSTRUCTOR_PASSWORD,
        "INSTANCE_ID", instanceId));
    values.putAll(env);
    return Await.result(ServiceRuntime.start(Env.of(values), GatewayVerticle::new));
  }
}
