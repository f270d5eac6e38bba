package dev.vertxelastic.platform.runtime;

import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.health.Health;
import dev.vertxelastic.platform.http.AccessLog;
import dev.vertxelastic.platform.http.InvalidRequests;
import dev.vertxelastic.platform.http.Problems;
import dev.vertxelastic.platform.http.RequestTarget;
import dev.vertxelastic.platform.http.RequestIds;
import dev.vertxelastic.platform.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.MetricsDomain;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The common shape of every process: one HTTP server (plus an optional management server) with
 * request ids, W3C trace context, a JSON access log, problem+json errors (for requests Netty cannot
 * decode too), a guard against undecodable or control-character query strings, {@code /health/*} and {@code /metrics};
 * ready once started and warmed up (when {@code WARMUP_REQUESTS} asks for requests to itself first); on stop,
 * not ready, then (for {@link #closePeriod()}) still accepting but
 * answering every request with {@code Connection: close}, then a graceful shutdown that lets
 * in-flight requests finish up to {@code SHUTDOWN_TIMEOUT}.
 */
public abstract class HttpServiceVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(HttpServiceVerticle.class.getName());
  /** Request bodies above this size are answered with 413. */
  public static final long DEFAULT_BODY_LIMIT = 64 * 1024;
  /** WebSocket frames and messages above this size close the connection (1009). */
  public static final int MAX_WEBSOCKET_FRAME = 16 * 1024;

  protected final Env env;
  protected final String serviceName;
  protected final String instanceId;
  protected final String registryName;
  protected final Duration shutdownTimeout;
  private final boolean logProbes;
  private final WarmUp.Settings warmUp;
  private final int port;
  private final int managementPort;
  protected Health health;
  private HttpServer server;
  private HttpServer managementServer;
  private volatile boolean crashing;
  // Read once, when the class loads on the thread that builds the verticle, not on its event loop.
  private static final Optional<Instant> PROCESS_CREATED = ProcessStart.ofThisProcess();
  private static final Instant JVM_STARTED = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
  private volatile boolean draining;
  private volatile Future<Void> stopping;

  protected HttpServiceVerticle(String serviceName, Env env, int defaultPort) {
    this(serviceName, env, defaultPort, -1);
  }

  /** With a management port: {@code MANAGEMENT_PORT}, {@code defaultManagementPort} when unset. */
  protected HttpServiceVerticle(String serviceName, Env env, int defaultPort, int defaultManagementPort) {
    this.env = env;
    this.serviceName = serviceName;
    this.instanceId = env.instanceId(serviceName);
    this.registryName = registryName(serviceName, instanceId);
    this.port = env.port("HTTP_PORT", defaultPort);
    this.managementPort = defaultManagementPort < 0 ? -1 : env.port("MANAGEMENT_PORT", defaultManagementPort);
    this.shutdownTimeout = env.duration("SHUTDOWN_TIMEOUT", Duration.ofSeconds(20));
    this.logProbes = env.bool("ACCESS_LOG_PROBES", false);
    this.warmUp = WarmUp.Settings.fromEnv(env);
  }

  public static String registryName(String serviceName, String instanceId) {
    return serviceName + "@" + instanceId;
  }

  /** Declares the service's routes on {@code router}; completes when the service can serve. */
  protected abstract Future<Void> setup(Router router);

  /** The management port, or -1 to serve health and metrics on the main port. */
  protected int managementPort() {
    return managementPort;
  }

  /**
   * Whether {@code /health/*} and {@code /metrics} are served on the main port too when there is a
   * management port (backends: probes and scrapes may use either; {@code /admin} stays on management).
   */
  protected boolean operationsOnMainPort() {
    return false;
  }

  /** Extra routes of the management server, after {@link #setup} (only when {@link #managementPort()} is set). */
  protected void setupManagement(Router management) {
  }

  /**
   * Runs on the event loop before each scrape, which reads the gauges on a worker thread: a service
   * whose gauges report state only its event loop may touch copies that state for them here.
   */
  protected void publishGauges() {
  }

  /** Runs after readiness turned off and before the server stops taking requests. */
  protected Future<Void> beforeShutdown() {
    return Future.succeededFuture();
  }

  /** Releases the service's resources once the server has stopped. */
  protected Future<Void> cleanup() {
    return Future.succeededFuture();
  }

  @Override
  public final Future<?> start() {
    health = new Health(vertx, instanceId);
    Router router = baseRouter();
    router.route().handler(this::closeConnectionsWhileDraining);
    boolean separateManagement = managementPort() >= 0;
    if (!separateManagement || operationsOnMainPort()) {
      mountOperations(router);
    }
    return setup(router)
        .compose(v -> separateManagement ? startManagement() : Future.<Void>succeededFuture())
        .compose(v -> createServer(this::connected).requestHandler(router).listen(port))
        .compose(s -> {
          server = s;
          return WarmUp.run(vertx, s.actualPort(), warmUpPaths(), warmUp);
        })
        .onSuccess(warmed -> {
          if (stopping == null) {
            // A stop that came during the warm-up keeps the instance not ready.
            health.ready();
          }
          LOG.info(serviceName + " instance " + instanceId + " listening on port " + server.actualPort()
              + (managementServer != null ? ", management on port " + managementServer.actualPort() : "")
              + (vertx.isNativeTransportEnabled() ? " (epoll)" : " (NIO)") + warmed.describe() + sinceStart());
        });
  }

  /**
   * The GET paths (with their queries) of the warm-up before readiness, sent in turn: the service's
   * busiest reads. None by default; {@code WARMUP_REQUESTS} says how many are sent (on loopback, 4 at a
   * time, for at most {@code WARMUP_DEADLINE}).
   */
  protected List<String> warmUpPaths() {
    return List.of();
  }

  /**
   * How long after its JVM started this instance got ready (the JVM's part of the start-up that
   * probes and the HPA wait for), and after its process was created: in a container the process is
   * created by the runtime (runc), which then waits for its start signal before the JVM runs.
   */
  private static String sinceStart() {
    Instant now = Instant.now();
    return ", ready " + Duration.between(JVM_STARTED, now).toMillis() + " ms after the JVM started"
        + PROCESS_CREATED.map(created -> ", " + Duration.between(created, now).toMillis() + " ms after its process was created").orElse("");
  }

  private Future<Void> startManagement() {
    Router management = baseRouter();
    mountOperations(management);
    setupManagement(management);
    return createServer(connection -> { }).requestHandler(management).listen(managementPort())
        .onSuccess(s -> managementServer = s).mapEmpty();
  }

  @Override
  public final Future<?> stop() {
    return drain();
  }

  /**
   * The graceful stop, once, on this verticle's context: {@link ServiceRuntime#stop} runs it before
   * closing Vert.x, whose close would first close what was made outside the verticle's context (a
   * gateway's upstream clients made on a discovery event: its game tunnels) and only then undeploy.
   */
  final synchronized Future<Void> drain() {
    if (stopping == null) {
      Promise<Void> done = Promise.promise();
      context.runOnContext(v -> stopNow().onComplete(done));
      stopping = done.future();
    }
    return stopping;
  }

  private Future<Void> stopNow() {
    if (health != null) {
      health.notReady("shutting down");
    }
    if (crashing) {
      // A simulated crash: connections drop at once, nothing drains.
      return Future.join(close(server), close(managementServer)).<Void>mapEmpty().eventually(this::cleanup);
    }
    draining = true;
    return beforeShutdown()
        .compose(v -> closePeriod().isZero() ? Future.<Void>succeededFuture() : vertx.timer(closePeriod().toMillis()).mapEmpty())
        .compose(v -> server == null ? Future.<Void>succeededFuture() : server.shutdown(shutdownGrace().toMillis(), TimeUnit.MILLISECONDS))
        .compose(v -> managementServer == null ? Future.<Void>succeededFuture() : managementServer.shutdown(1, TimeUnit.SECONDS))
        .eventually(this::cleanup);
  }

  /**
   * While stopping, every answer of the main server asks the client to close its connection: a
   * shutdown closes idle keep-alive connections at once, and a client may be sending on one just then.
   */
  private void closeConnectionsWhileDraining(RoutingContext ctx) {
    if (draining && !ctx.request().headers().contains(HttpHeaders.UPGRADE)) {
      ctx.addHeadersEndHandler(v -> ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE));
    }
    ctx.next();
  }

  /** Whether {@link #stop} has begun (not ready; answers carry {@code Connection: close}). */
  protected boolean draining() {
    return draining;
  }

  private static Future<Void> close(HttpServer s) {
    return s == null ? Future.succeededFuture() : s.close();
  }

  /** Makes the next stop a crash: no drain, no grace period (used to prove that failures are noticed). */
  void crashOnStop() {
    crashing = true;
  }

  /** A server with {@link #serverOptions()} whose answers to undecodable requests are problems too. */
  private HttpServer createServer(Handler<HttpConnection> connected) {
    return InvalidRequests.install(vertx.createHttpServer(serverOptions()), connected);
  }

  /** Sees every connection the main server accepts, before its first request (e.g. to bound them); nothing by default. */
  protected void connected(HttpConnection connection) {
  }

  protected HttpServerOptions serverOptions() {
    // No compression unless a service turns it on: with a compressor Vert.x also puts a chunked writer in every
    // connection's pipeline (a WebSocket's too), and the gateway relays answers as the origin encoded them.
    // No permessage-deflate: game frames are small, and compressed streams do not survive byte-level proxying.
    // Tracing ALWAYS: every request gets a server span (continuing an incoming traceparent), so every access-log line has a trace id.
    return new HttpServerOptions().setCompressionSupported(false).setTracingPolicy(TracingPolicy.ALWAYS)
        .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false)
        .setMaxWebSocketFrameSize(MAX_WEBSOCKET_FRAME).setMaxWebSocketMessageSize(MAX_WEBSOCKET_FRAME);
  }

  /** A router with request ids, access log and problem+json errors, but no routes yet. */
  protected Router baseRouter() {
    Router router = Router.router(vertx);
    router.route().handler(RequestIds::handle);
    router.route().handler(new AccessLog(serviceName, instanceId, logProbes)::handle);
    Problems.install(router);
    router.route().handler(RequestTarget::check);
    return router;
  }

  private void mountOperations(Router router) {
    health.mount(router);
    router.get("/metrics").handler(Metrics.scrapeHandler(registryName, this::publishGauges));
  }

  /** A body handler for JSON APIs with the standard size limit (413 above it). */
  protected static BodyHandler jsonBody() {
    return BodyHandler.create(false).setBodyLimit(DEFAULT_BODY_LIMIT);
  }

  /**
   * How long the main server's shutdown lets open connections finish once it stops accepting:
   * in-flight requests, and connections that asked to be kept ({@code NetSocket.shutdownHandler}).
   */
  protected Duration shutdownGrace() {
    return shutdownTimeout;
  }

  /**
   * How long a stopping server keeps accepting, answering with {@code Connection: close}, before its
   * shutdown (clients move to another instance instead of racing the close of an idle connection);
   * none by default.
   */
  protected Duration closePeriod() {
    return Duration.ZERO;
  }

  /** Vert.x meter domains this service does not record (read before its Vert.x is built); all are recorded by default. */
  public Set<MetricsDomain> unmeasuredDomains() {
    return Set.of();
  }

  /** How long a graceful stop may take at most (a process waits this long for it on SIGTERM). */
  public Duration stopDeadline() {
    return closePeriod().plus(shutdownTimeout);
  }

  /** Completes when the process should exit by itself (e.g. a drain asked for over HTTP is over). */
  public Future<Void> exitRequested() {
    return Promise.<Void>promise().future();
  }

  /** The port the main server listens on (useful with port 0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  public int actualManagementPort() {
    return managementServer == null ? -1 : managementServer.actualPort();
  }

  public Health health() {
    return health;
  }

  public String instanceId() {
    return instanceId;
  }

  public String serviceName() {
    return serviceName;
  }
}
