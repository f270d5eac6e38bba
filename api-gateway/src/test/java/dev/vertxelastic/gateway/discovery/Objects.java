package dev.vertxelastic.gateway.discovery;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Kubernetes objects as the API server returns them, for tests. */
public final class Objects {

  private Objects() {
  }

  /** A routed Service owning {@code segments}, with one port named {@code http} (none when {@code port} is 0). */
  public static JsonObject service(String name, int port, String... segments) {
    JsonObject labels = new JsonObject()
        .put("service-type", "http-endpoint")
        .put("app.kubernetes.io/part-of", "vertx-elastic");
    for (String segment : segments) {
      labels.put("route.vertx-elastic.dev/" + segment, "true");
    }
    JsonObject spec = new JsonObject().put("clusterIP", "127.0.0.1").put("type", "ClusterIP");
    if (port > 0) {
      spec.put("ports", new JsonArray().add(new JsonObject().put("name", "http").put("port", port).put("protocol", "TCP")));
    }
    return new JsonObject().put("apiVersion", "v1").put("kind", "Service")
        .put("metadata", new JsonObject().put("name", name).put("uid", "uid-" + name).put("labels", labels))
        .put("spec", spec);
  }

  /** An EndpointSlice of {@code service} with the {@code http} port {@code port}. */
  public static JsonObject slice(String name, String service, int port, JsonObject... endpoints) {
    JsonArray eps = new JsonArray();
    for (JsonObject e : endpoints) {
      eps.add(e);
    }
    return new JsonObject().put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice")
        .put("metadata", new JsonObject().put("name", name)
            .put("labels", new JsonObject().put("kubernetes.io/service-name", service)))
        .put("addressType", "IPv4")
        .put("ports", new JsonArray().add(new JsonObject().put("name", "http").put("port", port).put("protocol", "TCP")))
        .put("endpoints", eps);
  }

  /** One pod's endpoint in a slice. */
  public static JsonObject endpoint(String pod, String ip, boolean ready, boolean serving, boolean terminating) {
    return new JsonObject()
        .put("addresses", new JsonArray().add(ip))
        .put("conditions", new JsonObject().put("ready", ready).put("serving", serving).put("terminating", terminating))
        .put("targetRef", new JsonObject().put("kind", "Pod").put("name", pod).put("namespace", "test"));
  }
}
