package dev.vertxelastic.gateway.discovery;

import io.vertx.core.json.JsonObject;

/** A registry that can tell how well it follows its backend: last sync, errors, fallbacks. */
public interface DiscoveryHealth {

  JsonObject health();
}
