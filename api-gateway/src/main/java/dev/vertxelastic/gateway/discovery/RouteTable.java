package dev.vertxelastic.gateway.discovery;

import dev.vertxelastic.platform.discovery.Endpoint;
import dev.vertxelastic.platform.discovery.Route;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The route table from the informers' Services and EndpointSlices: each {@code route.vertx-elastic.dev/<segment>: "true"}
 * label routes the segment to the Service; its endpoints come from the slices labelled
 * {@code kubernetes.io/service-name} (the port named like the Service's port, {@code http} by
 * default; one address family per Service: its primary {@code ipFamilies} entry, else IPv4, else
 * IPv6; FQDN slices never), or from the Service's cluster IP when slices cannot be read. When
 * several Services claim one segment, the oldest ({@code creationTimestamp}, then name) wins and
 * the claim is reported as a conflict.
 */
final class RouteTable {

  static final String ROUTE_LABEL = "route.vertx-elastic.dev/";
  static final String SERVICE_SELECTOR = "service-type=http-endpoint,app.kubernetes.io/part-of=vertx-elastic";
  static final String SLICE_SERVICE_LABEL = "kubernetes.io/service-name";
  static final String RELEASE_LABEL = "app.kubernetes.io/instance";
  static final String CONFLICT_RULE = "the oldest Service (creationTimestamp, then name) wins";
  /** Precedence among Services claiming one segment, so a newcomer never takes a route over (RFC 3339 UTC sorts as text; none = newest). */
  static final Comparator<JsonObject> PRECEDENCE = Comparator
      .comparing((JsonObject s) -> s.getJsonObject("metadata", new JsonObject()).getString("creationTimestamp", "~"))
      .thenComparing(RouteTable::name);

  private RouteTable() {
  }

  /** The Service selector: routed Services of this project, of {@code release} only when one is given. */
  static String serviceSelector(String release) {
    return release == null ? SERVICE_SELECTOR : SERVICE_SELECTOR + "," + RELEASE_LABEL + "=" + release;
  }

  static Map<String, Route> build(Collection<JsonObject> services, Collection<JsonObject> slices, boolean clusterIpFallback) {
    Map<String, List<JsonObject>> slicesByService = new TreeMap<>();
    for (JsonObject slice : slices) {
      String service = labels(slice).getString(SLICE_SERVICE_LABEL);
      if (service != null) {
        slicesByService.computeIfAbsent(service, k -> new ArrayList<>()).add(slice);
      }
    }
    Map<String, Route> table = new TreeMap<>();
    services.stream().sorted(PRECEDENCE).forEach(service -> {
      String name = name(service);
      List<Endpoint> endpoints = clusterIpFallback ? clusterIp(service)
          : endpoints(name, portName(service), family(service, slicesByService.getOrDefault(name, List.of())));
      segments(service).forEach(segment -> table.putIfAbsent(segment, new Route(segment, name, endpoints)));
    });
    return Map.copyOf(table);
  }

  /** Segments claimed by more than one Service: {@code route}, the {@code chosen} Service and the {@code ignored} ones. */
  static JsonArray conflicts(Collection<JsonObject> services) {
    Map<String, List<String>> claims = new TreeMap<>();
    services.stream().sorted(PRECEDENCE)
        .forEach(service -> segments(service).forEach(segment -> claims.computeIfAbsent(segment, k -> new ArrayList<>()).add(name(service))));
    JsonArray conflicts = new JsonArray();
    claims.forEach((segment, names) -> {
      if (names.size() > 1) {
        conflicts.add(new JsonObject().put("route", segment).put("chosen", names.get(0))
            .put("ignored", new JsonArray(names.subList(1, names.size()))).put("rule", CONFLICT_RULE));
      }
    });
    return conflicts;
  }

  private static List<String> segments(JsonObject service) {
    List<String> segments = new ArrayList<>();
    labels(service).forEach(label -> {
      if (label.getKey().startsWith(ROUTE_LABEL) && "true".equals(label.getValue())
          && label.getKey().length() > ROUTE_LABEL.length()) {
        segments.add(label.getKey().substring(ROUTE_LABEL.length()));
      }
    });
    return segments;
  }

  /** The slices of one address family, so a dual-stack Service lists each pod once. */
  private static List<JsonObject> family(JsonObject service, List<JsonObject> slices) {
    List<String> preference = new ArrayList<>();
    JsonArray families = service.getJsonObject("spec", new JsonObject()).getJsonArray("ipFamilies", new JsonArray());
    if (!families.isEmpty()) {
      preference.add(families.getString(0));
    }
    preference.addAll(List.of("IPv4", "IPv6"));
    for (String family : preference) {
      List<JsonObject> of = slices.stream().filter(s -> family.equals(s.getString("addressType", "IPv4"))).toList();
      if (!of.isEmpty()) {
        return of;
      }
    }
    return List.of();
  }

  /** The name of the Service port that carries HTTP: the one named {@code http}, else the first, else {@code http}. */
  static String portName(JsonObject service) {
    JsonObject port = httpPort(service);
    return port == null ? "http" : port.getString("name", "");
  }

  private static JsonObject httpPort(JsonObject service) {
    JsonArray ports = service.getJsonObject("spec", new JsonObject()).getJsonArray("ports", new JsonArray());
    JsonObject first = null;
    for (Object p : ports) {
      JsonObject port = (JsonObject) p;
      if ("http".equals(port.getString("name"))) {
        return port;
      }
      first = first == null ? port : first;
    }
    return first;
  }

  private static List<Endpoint> endpoints(String service, String portName, List<JsonObject> slices) {
    Map<String, Endpoint> byAddress = new LinkedHashMap<>();
    for (JsonObject slice : slices) {
      Integer port = slicePort(slice, portName);
      if (port == null) {
        continue;
      }
      for (Object e : slice.getJsonArray("endpoints", new JsonArray())) {
        Endpoint endpoint = endpoint(service, (JsonObject) e, port);
        if (endpoint != null) {
          // The same pod can sit in two slices while they are rebalanced: keep its best state.
          byAddress.merge(endpoint.address(), endpoint, (a, b) -> a.ready() || !b.ready() ? a : b);
        }
      }
    }
    List<Endpoint> list = new ArrayList<>(byAddress.values());
    list.sort(Comparator.comparing(Endpoint::instance).thenComparing(Endpoint::address));
    return list;
  }

  private static Integer slicePort(JsonObject slice, String portName) {
    JsonArray ports = slice.getJsonArray("ports", new JsonArray());
    for (Object p : ports) {
      JsonObject port = (JsonObject) p;
      if (portName.equals(port.getString("name", ""))) {
        return port.getInteger("port");
      }
    }
    return null;
  }

  private static Endpoint endpoint(String service, JsonObject e, int port) {
    JsonArray addresses = e.getJsonArray("addresses", new JsonArray());
    if (addresses.isEmpty() || port < 1 || port > 65535) {
      return null;
    }
    String host = addresses.getString(0);
    JsonObject conditions = e.getJsonObject("conditions", new JsonObject());
    // discovery.k8s.io/v1 EndpointConditions: nil ready and nil serving "should be interpreted as true", nil terminating as "false".
    boolean terminating = conditions.getBoolean("terminating", false);
    boolean ready = conditions.getBoolean("ready", true) && !terminating;
    boolean serving = conditions.getBoolean("serving", true);
    JsonObject targetRef = e.getJsonObject("targetRef");
    String instance = targetRef != null && targetRef.getString("name") != null ? targetRef.getString("name") : host;
    return new Endpoint(service, instance, host, port, ready, serving);
  }

  private static List<Endpoint> clusterIp(JsonObject service) {
    JsonObject spec = service.getJsonObject("spec", new JsonObject());
    String ip = spec.getString("clusterIP");
    JsonObject port = httpPort(service);
    if (ip == null || ip.isBlank() || "None".equals(ip) || port == null || port.getInteger("port") == null) {
      return List.of();
    }
    return List.of(new Endpoint(name(service), name(service), ip, port.getInteger("port"), true, true));
  }

  static String name(JsonObject object) {
    return object.getJsonObject("metadata", new JsonObject()).getString("name", "");
  }

  private static JsonObject labels(JsonObject object) {
    return object.getJsonObject("metadata", new JsonObject()).getJsonObject("labels", new JsonObject());
  }
}
