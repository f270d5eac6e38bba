package dev.vertxelastic.localstack;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every metric the chart's alerting rules and Grafana dashboard query (but {@code up} and
 * kube-state-metrics' {@code kube_*}) is exported by the running stack after a little traffic:
 * a renamed or dropped metric fails here instead of leaving an alert or a panel silently empty.
 */
@ExtendWith(VertxExtension.class)
class MonitoredMetricsTest {

  static final Path RULES = Path.of("../helm/vertx-elastic/files/alerts/vertx-elastic-rules.yaml");
  static final Path DASHBOARD = Path.of("../helm/vertx-elastic/files/dashboards/vertx-elastic.json");

  static LocalStack stack;
  static StackClient client;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    stack = TestStacks.start("monitored", 1, 1, Map.of());
    client = new StackClient(vertx, stack.gatewayPort());
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(stack.stop());
  }

  @Test
  void everyMetricOfTheAlertRulesAndTheDashboardIsExportedAfterSomeTraffic() throws Exception {
    Map<String, List<String>> wanted = new TreeMap<>();
    alertExpressions().forEach((where, expr) -> add(wanted, where, expr));
    dashboardExpressions().forEach((where, expr) -> add(wanted, where, expr));
    assertFalse(wanted.isEmpty(), "no metric names found in " + RULES + " and " + DASHBOARD);

    traffic();
    Set<String> samples = new HashSet<>();
    Set<String> families = new HashSet<>();
    for (String url : scrapeUrls()) {
      HttpResponse<Buffer> metrics = Await.result(client.http.getAbs(url).send());
      assertEquals(200, metrics.statusCode(), url);
      for (String line : metrics.bodyAsString().split("\n")) {
        if (line.startsWith("# TYPE ")) {
          families.add(line.split(" ")[2]);
        } else if (!line.isBlank() && !line.startsWith("#")) {
          samples.add(line.split("[{ ]", 2)[0]);
        }
      }
    }

    List<String> missing = new ArrayList<>();
    wanted.forEach((name, users) -> {
      if (!samples.contains(name)) {
        String family = name.replaceFirst("_(bucket|count|sum)$", "");
        String hint = !family.equals(name) && families.contains(family)
            ? " (the family " + family + " is exported, but not this series: no histogram buckets?)" : "";
        missing.add(name + hint + ", used by " + String.join("; ", users));
      }
    });
    if (!missing.isEmpty()) {
      fail("metrics queried by the chart's rules or dashboard but not exported by the stack:\n  "
          + String.join("\n  ", missing));
    }
  }

  private static void add(Map<String, List<String>> wanted, String where, String expr) {
    for (String name : PromQlMetricNames.of(expr)) {
      // __GATEWAY_P99_SECONDS__ and the like: placeholders the chart fills in, not metrics.
      if (!name.equals("up") && !name.startsWith("kube_") && !name.matches("__[A-Z][A-Z0-9_]*__")) {
        wanted.computeIfAbsent(name, n -> new ArrayList<>()).add(where);
      }
    }
  }

  /** Alert name to expression, from the rules file: {@code expr:} on one line or as a block scalar. */
  static Map<String, String> alertExpressions() throws IOException {
    Map<String, String> expressions = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(RULES, StandardCharsets.UTF_8);
    Pattern alert = Pattern.compile("^\\s*- alert:\\s*(\\S+)");
    Pattern expr = Pattern.compile("^(\\s*)expr:\\s*(.*)$");
    String current = null;
    for (int i = 0; i < lines.size(); i++) {
      Matcher a = alert.matcher(lines.get(i));
      Matcher e = expr.matcher(lines.get(i));
      if (a.find()) {
        current = a.group(1);
      } else if (e.matches()) {
        String value = e.group(2).strip();
        if (value.startsWith("|") || value.startsWith(">")) {
          StringBuilder block = new StringBuilder();
          int indent = e.group(1).length();
          while (i + 1 < lines.size() && (lines.get(i + 1).isBlank() || leading(lines.get(i + 1)) > indent)) {
            block.append(lines.get(++i)).append('\n');
          }
          value = block.toString();
        }
        expressions.put(RULES.getFileName() + " alert " + current, value);
      }
    }
    return expressions;
  }

  private static int leading(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  /** Panel title (and template variable) to expression, from the dashboard JSON, rows' panels included. */
  static Map<String, String> dashboardExpressions() throws IOException {
    JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD, StandardCharsets.UTF_8));
    Map<String, String> expressions = new LinkedHashMap<>();
    List<JsonObject> panels = new ArrayList<>();
    dashboard.getJsonArray("panels", new JsonArray()).forEach(p -> {
      panels.add((JsonObject) p);
      ((JsonObject) p).getJsonArray("panels", new JsonArray()).forEach(inner -> panels.add((JsonObject) inner));
    });
    for (JsonObject panel : panels) {
      JsonArray targets = panel.getJsonArray("targets", new JsonArray());
      for (int i = 0; i < targets.size(); i++) {
        String expr = targets.getJsonObject(i).getString("expr");
        if (expr != null) {
          expressions.put(DASHBOARD.getFileName() + " panel '" + panel.getString("title") + "' " + (i + 1), expr);
        }
      }
    }
    for (Object o : dashboard.getJsonObject("templating", new JsonObject()).getJsonArray("list", new JsonArray())) {
      JsonObject variable = (JsonObject) o;
      Object query = variable.getValue("query");
      String expr = query instanceof JsonObject q ? q.getString("query") : "query".equals(variable.getString("type")) ? (String) query : null;
      if (expr != null) {
        expressions.put(DASHBOARD.getFileName() + " variable $" + variable.getString("name"), expr);
      }
    }
    return expressions;
  }

  /** What the rules and panels look at: sign-in, catalog, enrollment, progress, a game played over WebSocket. */
  private static void traffic() throws Exception {
    String token = client.guestToken("ada");
    assertEquals(200, client.get("/api/courses?size=5").statusCode());
    assertEquals(200, client.get("/api/courses/kubernetes-fundamentals").statusCode());
    assertEquals(404, client.get("/api/courses/no-such-course").statusCode());
    assertEquals(201, client.post("/api/courses/kubernetes-fundamentals/enrollments", token, new JsonObject()).statusCode());
    HttpResponse<Buffer> progress = Await.result(client.http.put(client.port, "127.0.0.1",
            "/api/learners/me/progress/kubernetes-fundamentals/lessons/l1")
        .putHeader("Authorization", "Bearer " + token).sendJsonObject(new JsonObject().put("completed", true)));
    assertEquals(200, progress.statusCode(), progress.bodyAsString());

    HttpResponse<Buffer> created = client.post("/api/games", token, new JsonObject().put("maxPlayers", 2));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    StackClient.Player player = client.join(created.bodyAsJsonObject().getString("wsPath"), token);
    try {
      player.next("welcome");
      player.send(new JsonObject().put("type", "input").put("seq", 1).put("dx", 1).put("dy", 0));
      player.next("state");
      player.send(new JsonObject().put("type", "ping").put("t", 1));
      player.next("pong");
    } finally {
      Await.result(player.socket.close());
    }
  }

  private static List<String> scrapeUrls() {
    List<String> urls = new ArrayList<>();
    urls.add("http://127.0.0.1:" + stack.managementPort() + "/metrics");
    stack.instances().values().forEach(url -> urls.add(url + "/metrics"));
    return urls;
  }
}
