package dev.vertxelastic.localstack;

import dev.vertxelastic.platform.auth.LocalSecrets;
import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.logging.OneLineLogging;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The local stack from the command line ({@code ./mvnw -Prun}, or its fat jar):
 * instance counts from flags or {@code LOCAL_*} variables, quick local stop settings, a banner with
 * every URL, and Ctrl-C handling ({@link LocalStop}).
 */
public final class LocalStackMain {

  private LocalStackMain() {
  }

  public static void main(String[] args) throws Exception {
    OneLineLogging.install();
    Env env = Env.system();
    Duration stopBound = env.duration("LOCAL_STOP_TIMEOUT", LocalStack.DEFAULT_STOP_TIMEOUT);
    LocalStack stack;
    try {
      LocalStack.Options options = new LocalStack.Options(
          Arguments.count(args, "--gateways", env, "LOCAL_GATEWAY_INSTANCES", 1),
          Arguments.count(args, "--courses", env, "LOCAL_COURSE_INSTANCES", 1),
          Arguments.count(args, "--games", env, "LOCAL_GAME_INSTANCES", 1),
          true, localDefaults(env, stopBound), env.duration("LOCAL_PROBE_INTERVAL", Duration.ofSeconds(1)));
      stack = LocalStack.start(options).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    } catch (ExecutionException e) {
      System.err.println("The local stack did not start: " + e.getCause().getMessage());
      System.exit(1);
      return;
    }
    LocalStop stop = new LocalStop(stack, stopBound);
    stop.onSignals();
    if (Boolean.getBoolean("localstack.exitWithParent")) {
      stop.withParent();
    }
    System.out.println(banner(stack, stopBound, env));
  }

  /** Locally a stop is quick: the servers' in-flight grace fits in the stop bound (Kubernetes keeps its own settings). */
  static Env localDefaults(Env env, Duration stopBound) {
    Env local = env.raw("SHUTDOWN_TIMEOUT") != null ? env
        : env.with("SHUTDOWN_TIMEOUT", stopBound.dividedBy(2).toMillis() + "ms");
    // Locally no endpoint has to propagate, and Ctrl-C must be quick: a short Connection: close period.
    return local.raw("GATEWAY_CONNECTION_CLOSE_PERIOD") != null ? local : local.with("GATEWAY_CONNECTION_CLOSE_PERIOD", "500ms");
  }

  /** Who may sign in as an instructor, and where the password is (never the password itself). */
  private static String instructors(Env env) {
    if (env.raw("INSTRUCTOR_ACCOUNTS_FILE") != null) {
      return "accounts from " + env.raw("INSTRUCTOR_ACCOUNTS_FILE");
    }
    Object password = env.raw("INSTRUCTOR_PASSWORD") != null ? "INSTRUCTOR_PASSWORD"
        : LocalSecrets.file(env, "INSTRUCTOR_PASSWORD", "instructor-password");
    return "'" + env.string("INSTRUCTOR_NAME", "grace") + "', password from " + password;
  }

  static String banner(LocalStack stack, Duration stopBound, Env env) {
    StringBuilder b = new StringBuilder("\nvertx-elastic local stack is up\n");
    b.append(String.format("  %-10s http://localhost:%d/  (browser client, /api, /ws; connections balanced over %s)%n",
        "gateway", stack.gatewayPort(), String.join(", ", stack.gateways().keySet())));
    b.append(String.format("  %-10s http://localhost:%d  (/health/ready, /metrics, /admin/routes)%n", "management", stack.managementPort()));
    b.append(String.format("  %-10s http://localhost:%d  (GET /instances, POST /instances/{gateways|courses|games}, DELETE /instances/{id}, /prometheus/targets)%n", "control", stack.controlPort()));
    stack.instances().forEach((id, url) -> b.append(String.format("  %-10s %s%n", id, url.replace("127.0.0.1", "localhost"))));
    b.append(String.format("  %-10s %s (POST /api/auth/instructor)%n", "instructor", instructors(env)));
    b.append("Ctrl-C stops it within ").append(stopBound.toSeconds()).append(" s (games end with server-shutdown); a second Ctrl-C stops it at once.\n");
    return b.toString();
  }
}
