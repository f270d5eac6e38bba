package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.runtime.ServiceRuntime;

/** Runs the api-gateway as a process, configured by environment variables. */
public final class GatewayMain {

  private GatewayMain() {
  }

  public static void main(String[] args) {
    ServiceRuntime.main(GatewayVerticle::new);
  }
}
