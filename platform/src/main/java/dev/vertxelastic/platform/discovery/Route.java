package dev.vertxelastic.platform.discovery;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** A public path segment ({@code courses}, {@code games}, ...) owned by a service, with its current endpoints. */
public record Route(String segment, String service, List<Endpoint> endpoints) {

  public Route {
    endpoints = List.copyOf(endpoints);
  }

  /** Endpoints that may take new work. */
  public List<Endpoint> ready() {
    return endpoints.stream().filter(Endpoint::ready).toList();
  }

  public JsonObject toJson() {
    JsonArray eps = new JsonArray();
    for (Endpoint e : endpoints) {
      eps.add(new JsonObject().put("instance", e.instance()).put("address", e.address())
          .put("ready", e.ready()).put("serving", e.serving()));
    }
    return new JsonObject().put("route", segment).put("service", service).put("endpoints", eps);
  }
}
