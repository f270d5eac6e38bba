package dev.vertxelastic.gateway.discovery;

import dev.vertxelastic.platform.kubernetes.KubernetesSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.kubernetes.KubernetesServiceImporter;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The vertx-service-discovery Kubernetes bridge, run beside the gateway's own informers as a
 * second opinion only. Its 5.0.7 importer stops after a watch ERROR, never removes Services
 * deleted while its watch was down, fails on a port-less Service, reads the token once and
 * lets KUBERNETES_SERVICE_HOST/PORT override its address, so the route table never depends on
 * it: this compares its records with the informer's Services and reports whether they agree.
 * Its importer also trusts any server certificate ({@code trustAll}), so it never talks TLS with
 * the token: against an HTTPS API server (always so in a pod) it is off, and reported as such.
 * Over plain HTTP ({@code kubectl proxy}) it gets the token the informers send to the same URL,
 * unless {@code KUBERNETES_SERVICE_HOST} is set, which would send the importer elsewhere: then a placeholder.
 */
final class BridgeWitness {

  private final Vertx vertx;
  private final KubernetesSettings settings;
  private final Supplier<Set<String>> informerServices;
  private final Trust trust;
  private ServiceDiscovery discovery;
  private volatile String error;
  private volatile Set<String> records = Set.of();
  private long timer = -1;

  BridgeWitness(Vertx vertx, KubernetesSettings settings, Supplier<Set<String>> informerServices) {
    this(vertx, settings, informerServices, System::getenv);
  }

  BridgeWitness(Vertx vertx, KubernetesSettings settings, Supplier<Set<String>> informerServices, Function<String, String> env) {
    this.vertx = vertx;
    this.settings = settings;
    this.informerServices = informerServices;
    this.trust = trust(settings, env);
  }

  /** What the importer may be given. */
  enum Trust { OFF, PLACEHOLDER, TOKEN }

  /** Never TLS (the importer does not verify the server); the token only where the importer goes to the URL the informers use. */
  static Trust trust(KubernetesSettings settings, Function<String, String> env) {
    if (settings.tls()) {
      return Trust.OFF;
    }
    String redirect = env.apply("KUBERNETES_SERVICE_HOST");
    return settings.tokenFile() == null || redirect != null && !redirect.isBlank() ? Trust.PLACEHOLDER : Trust.TOKEN;
  }

  /** Starts the importer unless its {@link #trust} is off; never fails (a failing bridge is reported, not fatal). */
  Future<Void> start() {
    if (trust == Trust.OFF) {
      return Future.succeededFuture();
    }
    discovery = ServiceDiscovery.create(vertx);
    timer = vertx.setPeriodic(2_000, id -> refresh());
    // The importer reads the token file itself when given no token: it always gets one, a placeholder if nothing else.
    Future<String> token = trust == Trust.PLACEHOLDER ? Future.succeededFuture("none")
        : vertx.fileSystem().readFile(settings.tokenFile().toString()).map(b -> b.toString().trim());
    return token.compose(t -> discovery.registerServiceImporter(new KubernetesServiceImporter(), new JsonObject()
            .put("host", settings.apiUrl().getHost())
            .put("port", settings.port())
            .put("ssl", false)
            .put("namespace", settings.namespace())
            .put("token", t)))
        .onFailure(err -> error = "importer failed: " + err.getMessage())
        .otherwiseEmpty();
  }

  private void refresh() {
    discovery.getRecords((Record r) -> true, true)
        .onSuccess(list -> records = list.stream().map(Record::getName).collect(Collectors.toCollection(TreeSet::new)));
  }

  JsonObject health() {
    if (trust == Trust.OFF) {
      return new JsonObject().put("role", "off: the bridge's importer trusts any certificate, so it is not run against an HTTPS API server");
    }
    Set<String> informer = new TreeSet<>(informerServices.get());
    Set<String> bridge = records;
    JsonObject json = new JsonObject()
        .put("role", "second opinion; routes come from the gateway's own informers")
        .put("records", bridge.size())
        .put("missingInBridge", new io.vertx.core.json.JsonArray(informer.stream().filter(s -> !bridge.contains(s)).toList()));
    if (error != null) {
      json.put("error", error);
    }
    return json;
  }

  void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (discovery != null) {
      discovery.close();
    }
  }
}
