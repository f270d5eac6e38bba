package dev.vertxelastic.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Learners and players on a profile of phases (baseline, ramp, peak, ramp-down, cool-down).
 * With {@code -DcontrolUrl} (the local stack's control API) it also scales games and courses
 * from 1 to {@code scaleTo} instances when the baseline ends and back when the cool-down starts,
 * the way an HPA would; meanwhile it samples the gateway's routes and every instance's metrics
 * into {@code target/elasticity/timeline.csv|html} and writes {@code summary.json}.
 * Fails on any failed request, any game cut by the server, or a p99 above {@code p99Ms}.
 *
 * <pre>./mvnw -pl loadtest gatling:test -Dgatling.simulationClass=dev.vertxelastic.loadtest.ElasticitySimulation \
 *   -DbaseUrl=http://localhost:8080 -DmanagementUrl=http://localhost:9080 -DcontrolUrl=http://localhost:9090</pre>
 */
public class ElasticitySimulation extends Simulation {

  static final String MANAGEMENT_URL = System.getProperty("managementUrl", "http://localhost:9080");
  static final String CONTROL_URL = System.getProperty("controlUrl");
  static final int SCALE_TO = Integer.getInteger("scaleTo", 3);
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
  /** Seconds into the run at which one added game instance is killed without a drain (proves the checks bite). */
  static final int KILL_AT = Integer.getInteger("killAtSeconds", -1);
  static final Path REPORT_DIR = Path.of(System.getProperty("elasticityDir", "target/elasticity"));

  final ScenarioBuilder learners = scenario("learner").exec(Chains.SIGN_IN, Chains.BROWSE);
  final ScenarioBuilder players = scenario("player").exec(Chains.SIGN_IN, Chains.PLAY_GAME);

  final StackProbe probe = new StackProbe();
  final ElasticityTimeline timeline = new ElasticityTimeline(probe, MANAGEMENT_URL, CONTROL_URL);
  final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  final List<String> added = new ArrayList<>();
  final List<CompletableFuture<JsonNode>> scaleDowns = new ArrayList<>();
  volatile double scaledUpAt = -1;
  volatile double scaleDownAt = -1;

  static OpenInjectionStep[] profile(double base, double peak) {
    return new OpenInjectionStep[] {
        constantUsersPerSec(base).during(BASELINE),
        rampUsersPerSec(base).to(peak).during(RAMP),
        constantUsersPerSec(peak).during(PEAK),
        rampUsersPerSec(peak).to(base).during(RAMP_DOWN),
        constantUsersPerSec(base).during(COOL_DOWN)};
  }

  {
    setUp(learners.injectOpen(profile(LEARNERS_BASE, LEARNERS_PEAK)),
        players.injectOpen(profile(PLAYERS_BASE, PLAYERS_PEAK)))
        .protocols(Chains.protocol())
        .assertions(
            global().failedRequests().count().is(0L),
            global().responseTime().percentile(99.0).lt(P99_MS));
  }

  @Override
  public void before() {
    scheduler.scheduleAtFixedRate(timeline::sample, 0, 1, TimeUnit.SECONDS);
    if (CONTROL_URL != null) {
      scheduler.schedule(this::scaleUp, BASELINE.toMillis(), TimeUnit.MILLISECONDS);
      long downAt = BASELINE.plus(RAMP).plus(PEAK).plus(RAMP_DOWN).toMillis();
      scheduler.schedule(this::scaleDown, downAt, TimeUnit.MILLISECONDS);
      if (KILL_AT > 0) {
        scheduler.schedule(this::killOne, KILL_AT, TimeUnit.SECONDS);
      }
    }
  }

  private void scaleUp() {
    try {
      for (String service : List.of("games", "courses")) {
        for (int i = 1; i < SCALE_TO; i++) {
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
    Map<String, Double> share = scaledUpAt < 0 ? Map.of()
        : timeline.share(scaledUpAt + 5, scaleDownAt > 0 ? scaleDownAt : timeline.now());
    String summary = summary(dropped, share, problems);
    try {
      Files.writeString(REPORT_DIR.resolve("summary.json"), summary);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    log("summary " + summary);
    log("timeline: " + REPORT_DIR.toAbsolutePath().resolve("timeline.html") + " (data: timeline.csv)");
  }

  private String summary(int dropped, Map<String, Double> share, List<String> problems) {
    StringBuilder shares = new StringBuilder();
    share.forEach((id, s) -> shares.append(shares.length() == 0 ? "" : ",")
        .append(String.format(Locale.ROOT, "\"%s\":%.3f", id, s)));
    StringBuilder errs = new StringBuilder();
    problems.forEach(p -> errs.append(errs.length() == 0 ? "" : ",").append('"').append(p.replace("\"", "'")).append('"'));
    return String.format(Locale.ROOT,
        "{\"scaled\":%s,\"scaleTo\":%d,\"scaledUpAtSeconds\":%.1f,\"scaleDownAtSeconds\":%.1f,\"droppedSessions\":%d,"
            + "\"shareAfterScaleUp\":{%s},\"scaleErrors\":[%s]}",
        CONTROL_URL != null, SCALE_TO, scaledUpAt, scaleDownAt, dropped, shares, errs);
  }

  private static void log(String line) {
    System.out.println("[elasticity] " + line);
  }
}
