package dev.vertxelastic.localstack;

import dev.vertxelastic.platform.discovery.LocalDiscovery;
import dev.vertxelastic.platform.runtime.HttpServiceVerticle;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import io.vertx.core.Future;

/** One running instance of a backend service in the local stack, with its discovery publication. */
final class Instance {

  private final ServiceKind kind;
  private final String id;
  private final ServiceRuntime<? extends HttpServiceVerticle> runtime;
  private final LocalDiscovery.Publication publication;
  private final int port;
  private final int managementPort;

  Instance(ServiceKind kind, String id, ServiceRuntime<? extends HttpServiceVerticle> runtime, LocalDiscovery.Publication publication) {
    this.kind = kind;
    this.id = id;
    this.runtime = runtime;
    this.publication = publication;
    this.port = runtime.verticle().actualPort();
    this.managementPort = runtime.verticle().actualManagementPort();
  }

  ServiceKind kind() {
    return kind;
  }

  String id() {
    return id;
  }

  int port() {
    return port;
  }

  /** Where {@code /admin} is (an ephemeral port, as no Service exposes it in Kubernetes). */
  int managementPort() {
    return managementPort;
  }

  ServiceRuntime<? extends HttpServiceVerticle> runtime() {
    return runtime;
  }

  LocalDiscovery.Publication publication() {
    return publication;
  }

  /** Stops taking new work at once (not ready), then shuts down gracefully and leaves discovery. */
  Future<Void> stop() {
    return publication.update(false, true)
        .compose(v -> runtime.stop())
        .eventually(publication::unpublish);
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }
}
