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
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The vertx-service-discovery Kubernetes bridge, run beside the gateway's own informers as a
 * second opinion only. Its 5.0.7 importer stops after a watch ERROR, never removes Services
 * deleted while its watch was down, fails on a port-less Service, reads the token once and
 * lets KUBERNETES_SERVICE_HOST/PORT override its address, so the route table never depends on
 * it: this compares its records with the informer's Services and reports whether they agree.
 */
final class BridgeWitness {

  private final Vertx vertx;
  private final KubernetesSettings settings;
  private final Supplier<Set<String>> informerServices;
  private ServiceDiscovery discovery;
  private volatile String error;
  private volatile Set<String> records = Set.of();
  private long timer = -1;

  BridgeWitness(Vertx vertx, KubernetesSettings settings, Supplier<Set<String>> informerServices) {
    this.vertx = vertx;
    this.settings = settings;
    this.informerServices = informerServices;
  }

  /** Starts the importer; never fails (a failing bridge is reported, not fatal). */
  Future<Void> start() {
    discovery = ServiceDiscovery.create(vertx);
    timer = vertx.setPeriodic(2_000, id -> refresh());
    // The importer reads its default token file when given none: out of cluster there is none to read.
    Future<String> token = settings.tokenFile() == null ? Future.succeededFuture("none")
        : vertx.fileSystem().readFile(settings.tokenFile().toString()).map(b -> b.toString().trim());
    return token.compose(t -> discovery.registerServiceImporter(new KubernetesServiceImporter(), new JsonObject()
            .put("host", settings.apiUrl().getHost())
            .put("port", settings.port())
            .put("ssl", settings.tls())
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
