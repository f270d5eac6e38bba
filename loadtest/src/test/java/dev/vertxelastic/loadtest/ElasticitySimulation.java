package dev.vertxelastic.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Learners and players on a profile of phases (baseline, ramp, peak, ramp-down, cool-down).
 * Every user runs inside a Gatling group named after the phase it started in, so Gatling's report
 * and assertions are per phase: no failed request in any phase, the catalog's p99 below
 * {@code p99Ms} in the baseline and the ramp (cold JVMs) and below {@code warmP99Ms} after them; and globally: no failed request (a game cut by the server fails
 * its check), p99 below {@code p99Ms}.
 * <p>With {@code -DcontrolUrl} (the local stack's control API) it also scales games and courses
 * from 1 to {@code scaleTo} instances, and gateways from 1 to {@code gatewaysTo}, when the baseline
 * ends and back when the cool-down starts, the way an HPA would (games run through the gateway
 * scaled down: it drains). With {@code -Dkubernetes.release} (the cluster run) the HPAs scale and it
 * watches them through {@code kubectl}. Meanwhile it samples the stack every {@code sampleSeconds}
 * into {@code timeline.csv|html} and writes {@code summary.json} in {@code elasticityDir}.
 *
 * <pre>./mvnw -pl loadtest gatling:test -Dgatling.simulationClass=dev.vertxelastic.loadtest.ElasticitySimulation \
 *   -DbaseUrl=http://localhost:8080 -DmanagementUrl=http://localhost:9080 -DcontrolUrl=http://localhost:9090</pre>
 */
public class ElasticitySimulation extends Simulation {

  static final String MANAGEMENT_URL = System.getProperty("managementUrl", "http://localhost:9080");
  static final String CONTROL_URL = System.getProperty("controlUrl");
  static final int SCALE_TO = Integer.getInteger("scaleTo", 3);
  /** Gateways the local stack scales to beside the first (the added ones are scaled down with games running through them). */
  static final int GATEWAYS_TO = Integer.getInteger("gatewaysTo", 2);
  static final double LEARNERS_BASE = Double.parseDouble(System.getProperty("learnersPerSec", "3"));
  static final double LEARNERS_PEAK = Double.parseDouble(System.getProperty("learnersPeakPerSec", "8"));
  static final double PLAYERS_BASE = Double.parseDouble(System.getProperty("playersPerSec", "0.5"));
  static final double PLAYERS_PEAK = Double.parseDouble(System.getProperty("playersPeakPerSec", "1.5"));
  static final Duration BASELINE = Duration.ofSeconds(Integer.getInteger("baselineSeconds", 15));
  static final Duration RAMP = Duration.ofSeconds(Integer.getInteger("rampSeconds", 15));
  static final Duration PEAK = Duration.ofSeconds(Integer.getInteger("peakSeconds", 30));
  static final Duration RAMP_DOWN = Duration.ofSeconds(Integer.getInteger("rampDownSeconds", 15));
  static final Duration COOL_DOWN = Duration.ofSeconds(Integer.getInteger("coolDownSeconds", 20));
  static final int P99_MS = Integer.getInteger("p99Ms", 2000);
  /** The catalog's p99 once the JVMs are warm (peak, ramp-down, cool-down): measured 8-75 ms at loads of 14-42 on 2 cores, up to 1.7 s once at 30. */
  static final int WARM_P99_MS = Integer.getInteger("warmP99Ms", 500);
  /**
   * The peak's bound, the warm one unless set: the cluster run restarts the gateway and force-deletes a
   * course pod in the peak, and the pods that replace them start on the cores the load shares.
   */
  static final int PEAK_P99_MS = Integer.getInteger("peakP99Ms", WARM_P99_MS);
  /** Phases with cold JVMs: the stack's first requests, then the new instances' (measured up to 2 s and 0.4 s). */
  static final List<String> COLD_PHASES = List.of("baseline", "ramp");
  /** Seconds into the run at which one added game instance is killed without a drain (proves the checks bite). */
  static final int KILL_AT = Integer.getInteger("killAtSeconds", -1);
  static final Path REPORT_DIR = Path.of(System.getProperty("elasticityDir", "target/elasticity"));
  static final double SAMPLE_SECONDS = Double.parseDouble(System.getProperty("sampleSeconds", "1"));
  /** Cluster run: seconds into the run of a `kubectl rollout restart` of the gateway (-1: none). */
  static final int RESTART_GATEWAY_AT = Integer.getInteger("restartGatewayAtSeconds", -1);
  /** Cluster run: seconds into the run of a forced delete (grace period 0) of one course pod (-1: none). */
  static final int FORCE_DELETE_EDU_AT = Integer.getInteger("forceDeleteEduAtSeconds", -1);
  static final Phases PHASES = new Phases().add("baseline", BASELINE).add("ramp", RAMP).add("peak", PEAK)
      .add("ramp-down", RAMP_DOWN).add("cool-down", COOL_DOWN);

  final StackProbe probe = new StackProbe();
  final ClusterProbe cluster = ClusterProbe.fromSystemProperties();
  final AtomicInteger playing = new AtomicInteger();
  final ElasticityTimeline timeline = new ElasticityTimeline(probe, MANAGEMENT_URL, CONTROL_URL, cluster, PHASES, playing::get);
  final UserOutcomes outcomes = new UserOutcomes();

  final ScenarioBuilder learners = scenario("learner").exec(inPhase(Chains.SIGN_IN, Chains.BROWSE));
  final ScenarioBuilder players = scenario("player").exec(inPhase(Chains.SIGN_IN, exec(session -> {
    playing.incrementAndGet();
    return session;
  }).exec(Chains.PLAY_GAME).exec(session -> {
    playing.decrementAndGet();
    return session;
  })));
  final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  final List<String> added = new ArrayList<>();
  final List<CompletableFuture<JsonNode>> scaleDowns = new ArrayList<>();
  volatile double scaledUpAt = -1;
  volatile double scaleDownAt = -1;
  volatile double forcedDeleteAt = -1;

  static OpenInjectionStep[] profile(double base, double peak) {
    return new OpenInjectionStep[] {
        constantUsersPerSec(base).during(BASELINE),
        rampUsersPerSec(base).to(peak).during(RAMP),
        constantUsersPerSec(peak).during(PEAK),
        rampUsersPerSec(peak).to(base).during(RAMP_DOWN),
        constantUsersPerSec(base).during(COOL_DOWN)};
  }

  /** The chain inside a group named after the phase the user starts in; its outcome is counted at the end. */
  private ChainBuilder inPhase(ChainBuilder first, ChainBuilder then) {
    return exec(session -> session.set("phase", PHASES.at(timeline.now())))
        .group("#{phase}").on(first, then)
        .exec(outcomes::finish);
  }

  static List<Assertion> assertions() {
    List<Assertion> assertions = new ArrayList<>(List.of(
        global().failedRequests().count().is(0L),
        global().responseTime().percentile(99.0).lt(P99_MS)));
    for (Phases.Phase phase : PHASES.all()) {
      assertions.add(details(phase.name()).failedRequests().count().is(0L));
      assertions.add(details(phase.name(), "list courses").responseTime().percentile(99.0).lt(listCoursesP99Ms(phase.name())));
    }
    return assertions;
  }

  /** The bound of {@code list courses}' p99 in a phase: cold, the peak's, or warm. */
  static int listCoursesP99Ms(String phase) {
    if (COLD_PHASES.contains(phase)) {
      return P99_MS;
    }
    return phase.equals("peak") ? PEAK_P99_MS : WARM_P99_MS;
  }

  {
    setUp(learners.injectOpen(profile(LEARNERS_BASE, LEARNERS_PEAK)),
        players.injectOpen(profile(PLAYERS_BASE, PLAYERS_PEAK)))
        .protocols(Chains.protocol())
        .assertions(assertions());
  }

  @Override
  public void before() {
    log(cluster != null ? "watching " + cluster.describe() + " through kubectl; the HPAs scale"
        : CONTROL_URL != null ? "scaling the local stack through " + CONTROL_URL : "no scaling: fixed instances");
    scheduler.scheduleAtFixedRate(timeline::sample, 0, Math.round(SAMPLE_SECONDS * 1000), TimeUnit.MILLISECONDS);
    if (cluster != null) {
      at(RESTART_GATEWAY_AT, this::restartGateway);
      at(FORCE_DELETE_EDU_AT, this::forceDeleteEdu);
    }
    if (CONTROL_URL != null) {
      scheduler.schedule(this::scaleUp, BASELINE.toMillis(), TimeUnit.MILLISECONDS);
      long downAt = BASELINE.plus(RAMP).plus(PEAK).plus(RAMP_DOWN).toMillis();
      scheduler.schedule(this::scaleDown, downAt, TimeUnit.MILLISECONDS);
      if (KILL_AT > 0) {
        scheduler.schedule(this::killOne, KILL_AT, TimeUnit.SECONDS);
      }
    }
  }

  private void at(int seconds, Runnable action) {
    if (seconds >= 0) {
      scheduler.schedule(action, seconds, TimeUnit.SECONDS);
    }
  }

  private void restartGateway() {
    try {
      timeline.event("kubectl rollout restart deployment/" + cluster.deployment("gateway") + " ("
          + playing.get() + " players in a game): " + cluster.kubectl("rollout", "restart", "deployment/" + cluster.deployment("gateway")));
    } catch (IOException | InterruptedException e) {
      timeline.event("rollout restart of the gateway failed: " + e.getMessage());
    }
  }

  /** The course pod that has served longest: the one the gateway's connections are most likely on. */
  private void forceDeleteEdu() {
    try {
      String pod = cluster.state().of("edu").stream().filter(p -> p.ready() && !p.deleting())
          .min(Comparator.comparing(ClusterProbe.Pod::readySince)).map(ClusterProbe.Pod::name).orElseThrow(() -> new IOException("no ready course pod"));
      forcedDeleteAt = timeline.now();
      timeline.event("kubectl delete pod " + pod + " --grace-period=0 --force: "
          + cluster.kubectl("delete", "pod", pod, "--grace-period=0", "--force", "--wait=false").replaceAll("\\s+", " "));
    } catch (IOException | InterruptedException e) {
      timeline.event("forced delete of a course pod failed: " + e.getMessage());
    }
  }

  private void scaleUp() {
    try {
      for (String service : List.of("games", "courses", "gateways")) {
        for (int i = 1; i < (service.equals("gateways") ? GATEWAYS_TO : SCALE_TO); i++) {
          String id = probe.post(CONTROL_URL + "/instances/" + service).path("id").asText();
          synchronized (added) {
            added.add(id);
          }
          log("scaled up " + service + ": +" + id);
        }
      }
      scaledUpAt = timeline.now();
    } catch (IOException | InterruptedException e) {
      log("scale-up failed: " + e.getMessage());
    }
  }

  private void killOne() {
    synchronized (added) {
      added.stream().filter(id -> id.startsWith("game")).findFirst().ifPresent(id -> {
        try {
          probe.post(CONTROL_URL + "/instances/" + id + "/kill", 204);
          added.remove(id);
          log("killed " + id + " without a drain");
        } catch (IOException | InterruptedException e) {
          log("kill of " + id + " failed: " + e.getMessage());
        }
      });
    }
  }

  private void scaleDown() {
    scaleDownAt = timeline.now();
    synchronized (added) {
      for (String id : added) {
        log("scaling down " + id + " (drain, then stop)");
        scaleDowns.add(CompletableFuture.supplyAsync(() -> {
          try {
            return probe.delete(CONTROL_URL + "/instances/" + id);
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("scale-down of " + id + " failed: " + e.getMessage(), e);
          }
        }));
      }
    }
  }

  @Override
  public void after() {
    int dropped = 0;
    List<String> problems = new ArrayList<>();
    for (CompletableFuture<JsonNode> f : scaleDowns) {
      try {
        JsonNode r = f.get(5, TimeUnit.MINUTES);
        dropped += r.path("dropped").asInt();
        log("scaled down " + r.path("instance").asText() + ", sessions cut: " + r.path("dropped").asInt());
      } catch (Exception e) {
        problems.add(String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e));
      }
    }
    timeline.sample();
    scheduler.shutdownNow();
    timeline.write(REPORT_DIR);
    if (cluster != null) {
      // The HPAs scaled, not this run: take the times from the replicas seen.
      scaledUpAt = timeline.firstScaleUp();
      scaleDownAt = scaledUpAt < 0 ? -1 : timeline.firstScaleDownAfter(scaledUpAt);
    }
    ObjectNode summary = new RunSummary(timeline, outcomes, PHASES).json(CONTROL_URL != null ? "local" : cluster != null ? "cluster" : "fixed");
    summary.put("scaleTo", SCALE_TO).put("scaledUpAtSeconds", RunSummary.round(scaledUpAt)).put("scaleDownAtSeconds", RunSummary.round(scaleDownAt));
    // Server-side count of the local scale-downs; on a cluster the players' own count (gamesCut) is what we have.
    summary.put("droppedSessions", CONTROL_URL != null ? dropped : summary.path("gamesCut").asLong());
    ObjectNode share = summary.putObject("shareAfterScaleUp");
    if (scaledUpAt >= 0) {
      timeline.share(scaledUpAt + 5, scaleDownAt > 0 ? scaleDownAt : timeline.now()).forEach((id, v) -> share.put(id, Math.round(v * 1000) / 1000.0));
    }
    problems.forEach(summary.putArray("scaleErrors")::add);
    if (cluster != null) {
      clusterFigures(summary);
    }
    try {
      Files.writeString(REPORT_DIR.resolve("summary.json"), summary.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RunSummary.print(summary);
    log("summary " + summary);
    log("timeline: " + REPORT_DIR.toAbsolutePath().resolve("timeline.html") + " (data: timeline.csv, summary.json)");
  }

  /** New pods' first share, pod exits (deletion cost, drain time), the run's own actions and what the forced delete cost. */
  private void clusterFigures(ObjectNode summary) {
    ClusterChecks checks = new ClusterChecks(timeline);
    ObjectNode newPods = summary.putObject("newPods");
    ObjectNode exits = summary.putObject("podExits");
    for (String component : List.of("gateway", "edu", "game")) {
      checks.newPods(component, newPods.putArray(component));
      checks.exits(component, exits.putArray(component));
    }
    timeline.events().forEach(e -> summary.withArray("events").addObject().put("atSeconds", RunSummary.round(e.t())).put("what", e.what()));
    if (forcedDeleteAt >= 0) {
      // Gatling's KOs say what the learners saw (they send only idempotent requests to the course service,
      // which the gateway retries on another pod); the gateway's 5xx in the 30 s after say what it could not hide.
      GatewayTraffic after = timeline.nearest(forcedDeleteAt + 30).traffic().since(timeline.nearest(forcedDeleteAt).traffic());
      summary.putObject("forcedDelete").put("atSeconds", RunSummary.round(forcedDeleteAt))
          .put("gatewayRequestsNext30s", after.requests()).put("gatewayServerErrorsNext30s", after.serverErrors());
    }
  }

  private static void log(String line) {
    System.out.println("[elasticity] " + line);
  }
}
