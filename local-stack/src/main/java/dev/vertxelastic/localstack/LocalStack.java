package dev.vertxelastic.localstack;

import dev.vertxelastic.game.GameSessionVerticle;
import dev.vertxelastic.gateway.GatewayVerticle;
import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.discovery.LocalDiscovery;
import dev.vertxelastic.platform.http.Problem;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The whole stack in one JVM: the gateways ({@code DISCOVERY=local}) behind a front that balances
 * connections over them, and the course and game services, each instance on a Vert.x of its own as
 * if it were a process. The stack plays the part of Kubernetes: it publishes every backend instance
 * in the in-JVM discovery and probes {@code /health/ready} to mark it ready or not.
 */
public final class LocalStack {

  /** How to run the stack: instance counts, fixed (8080...) or ephemeral ports, and the base environment. */
  public record Options(int gateways, int courses, int games, boolean fixedPorts, Env env, Duration probeInterval) {
    public Options {
      if (courses < 0 || games < 0 || gateways < 1) {
        throw new IllegalArgumentException("instance counts must not be negative, and one gateway at least");
      }
    }

    /** One gateway, ephemeral ports and an in-memory database: for tests. */
    public static Options forTests(int courses, int games, Map<String, String> env) {
      return forTests(1, courses, games, env);
    }

    /** Ephemeral ports and an in-memory database: for tests. */
    public static Options forTests(int gateways, int courses, int games, Map<String, String> env) {
      return new Options(gateways, courses, games, false, Env.of(env), Duration.ofMillis(200));
    }
  }

  private final Options options;
  private final Env env;
  private final Vertx probes;
  private final ReadinessProbe probe;
  private final GameDrainer drainer;
  private final List<io.vertx.core.json.JsonObject> stopped = new CopyOnWriteArrayList<>();
  private ControlApi control;
  private final List<Instance> instances = new CopyOnWriteArrayList<>();
  private final Set<Integer> usedPorts = new HashSet<>();
  /** Fixed ports: the courses' first instance here, the games' next, further instances from there on ({@code LOCAL_FIRST_INSTANCE_PORT}). */
  private final int firstInstancePort;
  private final Set<Integer> reserved;
  private final Map<ServiceKind, Integer> started = new java.util.EnumMap<>(ServiceKind.class);
  private final Vertx frontVertx;
  private final GatewayFront front;
  private final GatewayFleet gateways;
  private long probeTimer;
  private Future<Void> stopping;
  /** How long Ctrl-C may take locally ({@code LOCAL_STOP_TIMEOUT}). */
  static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);

  private LocalStack(Options options) {
    this.options = options;
    // One secret for every instance, generated once per machine unless JWT_SECRET is set.
    this.env = options.env().with("JWT_SECRET", Tokens.secret(options.env()));
    this.firstInstancePort = env.port("LOCAL_FIRST_INSTANCE_PORT", 8081);
    this.reserved = Set.of(env.port("HTTP_PORT", 8080), env.port("MANAGEMENT_PORT", 9080), env.port("LOCAL_CONTROL_PORT", 9090));
    // The control plane's Vert.x is made here, off any event loop (made inside the start chain, Vert.x warns).
    LocalDiscovery.shared();
    this.probes = Vertx.vertx();
    this.probe = new ReadinessProbe(probes);
    this.drainer = new GameDrainer(probes);
    // The front pipes every public byte: event loops of its own, off the control plane's.
    this.frontVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    this.front = new GatewayFront(frontVertx);
    this.gateways = new GatewayFleet(probes, env, front,
        options.fixedPorts() ? env.string("MANAGEMENT_PORT", "9080") : "0");
  }

  /** Starts the services, marks them ready once they answer, then the gateways and their front. */
  public static Future<LocalStack> start(Options options) {
    LocalStack stack = new LocalStack(options);
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < options.courses(); i++) {
      chain = chain.compose(v -> stack.startInstance(ServiceKind.COURSES).mapEmpty());
    }
    for (int i = 0; i < options.games(); i++) {
      chain = chain.compose(v -> stack.startInstance(ServiceKind.GAMES).mapEmpty());
    }
    for (int i = 0; i < options.gateways(); i++) {
      chain = chain.compose(v -> stack.gateways.start().mapEmpty());
    }
    return chain
        .compose(v -> stack.front.listen(options.fixedPorts() ? stack.env.port("HTTP_PORT", 8080) : 0, 2))
        .compose(v -> {
          stack.probeTimer = stack.probes.setPeriodic(options.probeInterval().toMillis(), id -> stack.probeAll());
          stack.control = new ControlApi(stack);
          return stack.control.listen(stack.probes,
              options.fixedPorts() ? stack.env.port("LOCAL_CONTROL_PORT", 9090) : 0);
        })
        .map(stack)
        .recover(err -> stack.stop().transform(ignored -> Future.failedFuture(err)));
  }

  /** Starts one more instance of {@code kind} and publishes it; completes once it is ready. */
  Future<Instance> startInstance(ServiceKind kind) {
    int n = started.merge(kind, 1, Integer::sum);
    String id = kind.instancePrefix + "-" + n;
    int port = options.fixedPorts() ? nextPort(firstInstancePort + kind.portOffset) : 0;
    // Management ports are ephemeral: only the stack itself (the drain, like a preStop hook) calls them.
    Env instanceEnv = env.with(Map.of("HTTP_PORT", Integer.toString(port), "MANAGEMENT_PORT", "0", "INSTANCE_ID", id));
    return ServiceRuntime.start(instanceEnv, kind.factory)
        .compose(rt -> LocalDiscovery.shared()
            .publish(kind.service, id, "127.0.0.1", rt.verticle().actualPort(), kind.routes)
            .map(pub -> new Instance(kind, id, rt, pub)))
        .compose(instance -> {
          instances.add(instance);
          return probe.probe(instance).map(instance);
        });
  }

  /** Stops one instance the way Kubernetes would: out of rotation first, then a graceful shutdown. */
  public Future<Void> stopInstance(String id) {
    Instance instance = find(id);
    instances.remove(instance);
    return instance.stop();
  }

  /**
   * Scales one instance down the way Kubernetes does with a preStop hook: the endpoint turns
   * terminating (not ready, still serving), a game instance drains ({@code POST /admin/drain})
   * until its sessions are over, then the instance stops gracefully and leaves discovery.
   * Completes with {@code {"instance", "dropped"}}: the sessions the drain had to cut.
   */
  public Future<io.vertx.core.json.JsonObject> scaleDown(String id) {
    if (gateways.contains(id)) {
      if (gateways.size() == 1) {
        return Future.failedFuture(Problem.conflict("'" + id + "' is the last gateway: scale another one up first."));
      }
      return gateways.scaleDown(id).onSuccess(stopped::add);
    }
    Instance instance = find(id);
    instances.remove(instance);
    Future<Integer> drained = instance.kind() == ServiceKind.GAMES
        ? instance.publication().update(false, true).compose(v -> drainer.drain(instance))
        : instance.publication().update(false, true).map(0);
    return drained.compose(dropped -> instance.stop().map(new io.vertx.core.json.JsonObject()
        .put("instance", id).put("dropped", dropped)))
        .onSuccess(result -> stopped.add(result));
  }

  /** Instances scaled down so far, with the sessions each drain cut. */
  public List<io.vertx.core.json.JsonObject> stopped() {
    return List.copyOf(stopped);
  }

  /**
   * Kills an instance the way a crash would: the process is gone but its discovery entry stays
   * until the probe notices. {@link #revive} brings it back on the same port.
   */
  public Future<Void> kill(String id) {
    return find(id).runtime().kill();
  }

  /** Starts a killed instance again, with the same id and port. */
  public Future<Void> revive(String id) {
    Instance old = find(id);
    Env instanceEnv = env.with(Map.of("HTTP_PORT", Integer.toString(old.port()), "MANAGEMENT_PORT", "0", "INSTANCE_ID", id));
    return ServiceRuntime.start(instanceEnv, old.kind().factory).compose(rt -> {
      Instance revived = new Instance(old.kind(), id, rt, old.publication());
      instances.set(instances.indexOf(old), revived);
      return probe.probe(revived);
    });
  }

  Instance find(String id) {
    return instances.stream().filter(i -> i.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no instance " + id));
  }

  /** Starts a new instance of {@code service} ({@code gateways}, {@code courses} or {@code games}); returns its id. */
  public Future<String> scaleUp(String service) {
    if (isGateway(service)) {
      return gateways.start();
    }
    return startInstance(ServiceKind.parse(service)).map(Instance::id);
  }

  static boolean isGateway(String name) {
    return name.equals("gateways") || name.equals("gateway") || name.equals(GatewayVerticle.SERVICE_NAME);
  }

  /** Whether {@code id} is a running instance: a gateway or a backend. */
  boolean running(String id) {
    return gateways.contains(id) || instances().containsKey(id);
  }

  /** Running gateway id to its public ({@code url}) and {@code management} URLs. */
  public Map<String, io.vertx.core.json.JsonObject> gateways() {
    return gateways.describe();
  }

  private void probeAll() {
    for (Instance instance : instances) {
      probe.probe(instance);
    }
  }

  /** The preferred port, else the next one from the third instance port on that neither this stack nor another process uses. */
  private synchronized int nextPort(int preferred) {
    int port = preferred;
    int spare = firstInstancePort + ServiceKind.values().length;
    while (usedPorts.contains(port) || reserved.contains(port) || !free(port)) {
      port = port < spare ? spare : port + 1;
    }
    usedPorts.add(port);
    return port;
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The public port: the front's, which balances connections over the gateways. */
  public int gatewayPort() {
    return front.port();
  }

  GatewayFront front() {
    return front;
  }

  /** The management port of the oldest running gateway. */
  public int managementPort() {
    return gateways.managementPort();
  }

  /** The port of the stack's control API (scale up and down). */
  public int controlPort() {
    return control.port();
  }

  /** Instance id to its URL, in start order. */
  public Map<String, String> instances() {
    return instances.stream().collect(Collectors.toMap(Instance::id, Instance::url, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  public List<String> instanceIds(String service) {
    ServiceKind kind = ServiceKind.parse(service);
    return instances.stream().filter(i -> i.kind() == kind).map(Instance::id).toList();
  }

  /**
   * Stops everything the way Ctrl-C does, once (later calls get the same future): every instance
   * leaves rotation at once (new requests get a 503 problem), running matches end with
   * {@code server-shutdown} (a 1001 close), then the gateways (their tunnels close behind the games,
   * the front last) and the services shut down gracefully, letting in-flight requests finish; the
   * control plane last.
   */
  public synchronized Future<Void> stop() {
    if (stopping == null) {
      stopping = shutDown();
    }
    return stopping;
  }

  private Future<Void> shutDown() {
    probes.cancelTimer(probeTimer);
    List<Instance> running = List.copyOf(instances);
    instances.clear();
    Future<Void> closedControl = control == null ? Future.succeededFuture() : control.close();
    Future<Void> outOfRotation = Future.join(running.stream().map(i -> i.publication().update(false, true)).toList()).mapEmpty();
    Future<Void> matchesOver = outOfRotation.transform(ignored -> Future.join(running.stream()
        .filter(i -> i.runtime().verticle() instanceof GameSessionVerticle)
        .map(i -> ((GameSessionVerticle) i.runtime().verticle()).endMatchesNow())
        .toList()).mapEmpty());
    Future<Void> gw = Future.join(closedControl, matchesOver)
        .transform(ignored -> gateways.stopAll())
        .transform(ignored -> frontVertx.close());
    // Completed outside any context: the last steps close the Vert.x instances the chain runs on.
    Promise<Void> done = Promise.promise();
    gw.transform(ignored -> Future.join(running.stream().map(Instance::stop).toList()).mapEmpty())
        .onComplete(ignored -> probes.close().onComplete(closed -> LocalDiscovery.closeShared().onComplete(v -> done.complete())));
    return done.future();
  }
}
