package dev.vertxelastic.gateway;

import dev.vertxelastic.gateway.auth.GuestLogin;
import dev.vertxelastic.gateway.auth.InstructorLogin;
import dev.vertxelastic.gateway.edge.ConnectionGuard;
import dev.vertxelastic.gateway.games.GameDirectory;
import dev.vertxelastic.gateway.discovery.KubernetesRegistry;
import dev.vertxelastic.gateway.discovery.TlsWarmUp;
import dev.vertxelastic.platform.kubernetes.KubernetesSettings;
import dev.vertxelastic.gateway.routing.UpstreamPath;
import dev.vertxelastic.gateway.routing.UpstreamProxy;
import dev.vertxelastic.gateway.routing.UpstreamSettings;
import dev.vertxelastic.gateway.web.AllowedMethods;
import dev.vertxelastic.gateway.web.WebApp;
import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.discovery.ServiceRegistry;
import dev.vertxelastic.platform.http.Problem;
import dev.vertxelastic.platform.metrics.Metrics;
import dev.vertxelastic.platform.runtime.HttpServiceVerticle;
import dev.vertxelastic.platform.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.MetricsDomain;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The api-gateway: issues guest tokens and routes {@code /api/<segment>/**} and
 * {@code /ws/<segment>/**} to the service that owns the segment in the {@link ServiceRegistry},
 * balancing over its ready endpoints behind a circuit breaker per service. Health, metrics and
 * {@code GET /admin/routes} live on the management port only. On stop (SIGTERM, after the preStop
 * delay) it drains: not ready, no new game tunnel (503), every answer with {@code Connection: close}
 * for {@code GATEWAY_CONNECTION_CLOSE_PERIOD} (2s), then no new connection, in-flight requests
 * finish, and open game tunnels are kept until they close or {@code GATEWAY_DRAIN_DEADLINE} (150s).
 */
public final class GatewayVerticle extends HttpServiceVerticle {

  public static final String SERVICE_NAME = "api-gateway";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MANAGEMENT_PORT = 9080;

  private final int managementPort;
  private final Duration drainDeadline;
  private final Duration connectionClosePeriod;
  private final UpstreamSettings settings;
  private final Duration idleTimeout;
  private final KubernetesSettings kubernetes;
  private final String release;
  private ServiceRegistry registry;
  private UpstreamProxy upstreams;
  private GuestLogin guests;
  private InstructorLogin instructors;
  private GameDirectory games;
  private ConnectionGuard guard;
  private final InstructorLogin.Settings instructorSettings;
  private final Tokens.Settings tokenSettings;

  /** Reads and checks the whole configuration, failing fast with a line naming the bad variable. */
  public GatewayVerticle(Env env) {
    super(SERVICE_NAME, env, DEFAULT_PORT);
    this.managementPort = env.port("MANAGEMENT_PORT", DEFAULT_MANAGEMENT_PORT);
    this.drainDeadline = env.duration("GATEWAY_DRAIN_DEADLINE", Duration.ofSeconds(150));
    this.connectionClosePeriod = env.duration("GATEWAY_CONNECTION_CLOSE_PERIOD", Duration.ofSeconds(2));
    this.settings = UpstreamSettings.fromEnv(env);
    this.idleTimeout = env.duration("GATEWAY_IDLE_TIMEOUT", Duration.ofSeconds(60));
    if (idleTimeout.isZero()) {
      throw new ConfigException("GATEWAY_IDLE_TIMEOUT", env.raw("GATEWAY_IDLE_TIMEOUT"), "must be longer than zero");
    }
    ServiceRegistry.Backend backend = env.oneOf("DISCOVERY", ServiceRegistry.Backend.class, ServiceRegistry.Backend.STATIC);
    this.kubernetes = backend == ServiceRegistry.Backend.KUBERNETES ? KubernetesSettings.fromEnv(env) : null;
    if (kubernetes != null) {
      TlsWarmUp.start(kubernetes);
    }
    this.release = KubernetesRegistry.release(env);
    this.tokenSettings = Tokens.Settings.fromEnv(env);
    this.instructorSettings = InstructorLogin.Settings.fromEnv(env);
  }

  /**
   * The public server: idle connections close after {@code GATEWAY_IDLE_TIMEOUT}; HTTP/1.1 only
   * (no h2c): the edge in front of the gateway speaks HTTP/1.1 to it, game tunnels are HTTP/1.1
   * upgrades, and one protocol keeps one relay path to harden. No compression (the platform's
   * default): answers are compressed once, at the origin (the course service compresses when the
   * client's Accept-Encoding, passed on, asks), and relayed as they come; a compressor in every
   * connection's pipeline cost 2-4 % of the CPU per proxied request.
   */
  @Override
  protected HttpServerOptions serverOptions() {
    return super.serverOptions()
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout((int) idleTimeout.toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
  }

  /**
   * No Vert.x HTTP client meters: upstream calls are counted by {@code gateway_upstream_requests_total},
   * and the client's per-request timers and pool gauges cost the event loop on every proxied request.
   */
  @Override
  public Set<MetricsDomain> unmeasuredDomains() {
    return Set.of(MetricsDomain.HTTP_CLIENT);
  }

  @Override
  protected int managementPort() {
    return managementPort;
  }

  @Override
  protected void setupManagement(Router management) {
    management.get("/admin/routes").handler(upstreams::describeRoutes);
  }

  @Override
  protected Future<Void> setup(Router router) {
    registry = kubernetes != null ? new KubernetesRegistry(vertx, kubernetes, release) : ServiceRegistry.fromEnv(vertx, env);
    upstreams = new UpstreamProxy(vertx, registry, settings, Metrics.registry(registryName));
    Tokens tokens = tokenSettings.create(vertx);
    guests = new GuestLogin(tokens);
    instructors = instructorSettings.create(vertx, tokens);
    guard = ConnectionGuard.fromEnv(vertx, env);
    router.route().handler(guard::requestHead);
    router.route().handler(UpstreamPath::rejectTraversal);
    router.post("/api/auth/guest").handler(jsonBody()).handler(guests::issue);
    router.post("/api/auth/instructor").handler(jsonBody()).handler(instructors::issue);
    games = new GameDirectory(registry, upstreams);
    router.get("/api/games").handler(games::list);
    router.head("/api/games").handler(games::list);
    router.post("/api/games/quick-match").handler(jsonBody()).handler(games::quickMatch);
    router.post("/api/games").handler(jsonBody()).handler(games::create);
    // Any other method on the gateway's own paths: 405 with Allow, not a proxied call or a 404.
    router.route("/api/auth/guest").handler(AllowedMethods.only(HttpMethod.POST));
    router.route("/api/auth/instructor").handler(AllowedMethods.only(HttpMethod.POST));
    router.route("/api/games/quick-match").handler(AllowedMethods.only(HttpMethod.POST));
    router.route("/api/games").handler(AllowedMethods.only(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST));
    router.route("/api/*").handler(upstreams::proxy);
    router.route("/ws/*").handler(this::refuseTunnelsWhileDraining).handler(upstreams::proxy);
    router.route().setName(WebApp.ROUTE_NAME).handler(AllowedMethods.only(HttpMethod.GET, HttpMethod.HEAD)).handler(WebApp.create());
    return registry.start().onSuccess(v -> upstreams.watchServices());
  }

  /**
   * A GET of every routed service's collection, {@code /api/<segment>}, whatever it answers: through the
   * proxy (the relay's path and the first connections to the endpoints it picks), and for {@code games}
   * through the game directory.
   */
  @Override
  protected List<String> warmUpPaths() {
    return registry.routes().keySet().stream().sorted().map(segment -> "/api/" + segment).toList();
  }

  /** The public port's connections: a cap, and a bound on the time to send a request head (slowloris). */
  @Override
  protected void connected(HttpConnection connection) {
    guard.opened(connection);
  }

  /** A draining gateway opens no new tunnel: the client resumes its game through another gateway. */
  private void refuseTunnelsWhileDraining(RoutingContext ctx) {
    if (draining()) {
      ctx.fail(Problem.unavailable("This gateway is shutting down: connect again to resume the game.", 1));
    } else {
      ctx.next();
    }
  }

  @Override
  protected void publishGauges() {
    if (upstreams != null) {
      upstreams.publishGauges();
    }
  }

  @Override
  protected Duration closePeriod() {
    return connectionClosePeriod;
  }

  /**
   * Open game tunnels may outlive the usual in-flight grace, up to the drain deadline: a server's
   * shutdown leaves an upgraded connection open until it closes or the grace ends (Vert.x 5.0.7).
   */
  @Override
  protected Duration shutdownGrace() {
    return drainDeadline.compareTo(shutdownTimeout) > 0 ? drainDeadline : shutdownTimeout;
  }

  @Override
  public Duration stopDeadline() {
    return closePeriod().plus(shutdownGrace());
  }

  @Override
  protected Future<Void> cleanup() {
    return upstreams == null ? Future.succeededFuture()
        : upstreams.close().eventually(registry::close);
  }
}
