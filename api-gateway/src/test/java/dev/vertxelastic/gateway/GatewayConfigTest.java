package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad configuration stops the gateway at start with one line naming the variable. */
class GatewayConfigTest {

  static Throwable startFailure(Map<String, String> overrides) {
    Env env = Env.of(Map.of("HTTP_PORT", "0", "MANAGEMENT_PORT", "0", "JWT_SECRET", Gateways.SECRET,
        "GATEWAY_UPSTREAMS", "courses=http://127.0.0.1:1")).with(overrides);
    return Await.result(ServiceRuntime.start(env, GatewayVerticle::new)
        .compose(runtime -> runtime.stop().map((Throwable) null))
        .otherwise(failure -> failure));
  }

  @Test
  void malformedSettingsFailNamingTheVariable() {
    for (String variable : new String[] {"GATEWAY_REQUEST_TIMEOUT", "GATEWAY_BREAKER_RESET", "GATEWAY_BREAKER_MAX_FAILURES",
        "MANAGEMENT_PORT", "DISCOVERY"}) {
      Throwable failure = startFailure(Map.of(variable, "nonsense"));
      assertInstanceOf(ConfigException.class, failure, variable);
      assertTrue(failure.getMessage().contains(variable), failure.getMessage());
    }
  }

  @Test
  void zeroRequestTimeoutIsRejected() {
    Throwable failure = startFailure(Map.of("GATEWAY_REQUEST_TIMEOUT", "0ms"));

    assertInstanceOf(ConfigException.class, failure);
    assertTrue(failure.getMessage().contains("GATEWAY_REQUEST_TIMEOUT"), failure.getMessage());
  }

  @Test
  void malformedUpstreamsFailNamingTheVariable() {
    Throwable failure = startFailure(Map.of("GATEWAY_UPSTREAMS", "courses"));

    assertInstanceOf(ConfigException.class, failure);
    assertTrue(failure.getMessage().contains("GATEWAY_UPSTREAMS"), failure.getMessage());
  }

  @Test
  void shortJwtSecretIsRejected() {
    Throwable failure = startFailure(Map.of("JWT_SECRET", "too-short"));

    assertInstanceOf(ConfigException.class, failure);
    assertTrue(failure.getMessage().contains("JWT_SECRET"), failure.getMessage());
  }

  @Test
  void badKubernetesSettingsFailNamingTheVariable() {
    Map<String, Map<String, String>> cases = Map.of(
        "KUBERNETES_API_URL", Map.of("DISCOVERY", "kubernetes", "KUBERNETES_API_URL", "ftp://somewhere"),
        "KUBERNETES_NAMESPACE", Map.of("DISCOVERY", "kubernetes", "KUBERNETES_API_URL", "http://127.0.0.1:8001", "KUBERNETES_NAMESPACE", "Not_A_Name"),
        "KUBERNETES_TOKEN_FILE", Map.of("DISCOVERY", "kubernetes", "KUBERNETES_API_URL", "http://127.0.0.1:8001", "KUBERNETES_TOKEN_FILE", "/no/such/token"),
        "GATEWAY_RELEASE", Map.of("DISCOVERY", "kubernetes", "KUBERNETES_API_URL", "http://127.0.0.1:8001", "GATEWAY_RELEASE", "not a label!"));
    cases.forEach((variable, overrides) -> {
      Throwable failure = startFailure(overrides);
      assertInstanceOf(ConfigException.class, failure, variable);
      assertTrue(failure.getMessage().contains(variable), failure.getMessage());
    });
  }
}
