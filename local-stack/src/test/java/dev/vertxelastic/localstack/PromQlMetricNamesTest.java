package dev.vertxelastic.localstack;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PromQlMetricNamesTest {

  @Test
  void aPlainSelectorYieldsItsNameAndNotItsLabels() {
    assertEquals(Set.of("gateway_circuit_state"), PromQlMetricNames.of("gateway_circuit_state{service=\"edu\", state!~\"a|b\"} >= 1"));
  }

  @Test
  void functionsAggregationsAndTheirLabelListsAreNotNames() {
    String expr = "histogram_quantile(0.99, sum by (namespace, le) (rate(vertx_http_server_response_time_seconds_bucket"
        + "{app_kubernetes_io_component=\"gateway\", route!~\"/ws/.*\"}[5m]))) > 0.5";

    assertEquals(Set.of("vertx_http_server_response_time_seconds_bucket"), PromQlMetricNames.of(expr));
  }

  @Test
  void aggregationModifiersAfterTheParenthesesAreSkippedToo() {
    assertEquals(Set.of("game_players_connected"), PromQlMetricNames.of("sum (game_players_connected) without (instance, job)"));
  }

  @Test
  void binaryOperatorsWithMatchingModifiersYieldBothSides() {
    String expr = "kube_a{namespace=\"x\"} >= on (namespace, horizontalpodautoscaler) group_left (pod) kube_b"
        + " and ignoring(le) up == bool 0 unless vertx_pool_ratio offset 5m";

    assertEquals(List.of("kube_a", "kube_b", "up", "vertx_pool_ratio"), List.copyOf(PromQlMetricNames.of(expr)));
  }

  @Test
  void durationsNumbersStringsAndSubqueriesAreNotNames() {
    String expr = "max_over_time(rate(edu_enrollments_total[1h30m])[10m:1m]) * 1e-3 + 0x1f - Inf"
        + " + label_replace(game_sessions_active, \"dst\", \"$1 by x\", \"src\", \"(.*)\")";

    assertEquals(List.of("edu_enrollments_total", "game_sessions_active"), List.copyOf(PromQlMetricNames.of(expr)));
  }

  @Test
  void grafanaVariablesAreIgnored() {
    String expr = "sum by (pod) (rate(jvm_memory_used_bytes{namespace=~\"$namespace\"}[$__rate_interval])) / ${scale}";

    assertEquals(Set.of("jvm_memory_used_bytes"), PromQlMetricNames.of(expr));
  }

  @Test
  void grafanaLabelValuesYieldsTheMetricOfItsSelectorOnly() {
    assertEquals(Set.of("gateway_circuit_state"), PromQlMetricNames.of("label_values(gateway_circuit_state{a=\"b,c\"}, namespace)"));
    assertEquals(Set.of(), PromQlMetricNames.of("label_values(namespace)"));
  }

  @Test
  void multiLineExpressionsWithCommentsAreRead() {
    String expr = """
        sum by (namespace) (rate(vertx_http_server_requests_total{code=~"5.."}[5m])) # errors
          /
        sum by (namespace) (rate(vertx_http_server_requests_total[5m]))
        """;

    assertEquals(Set.of("vertx_http_server_requests_total"), PromQlMetricNames.of(expr));
  }

  @Test
  void unbalancedLabelListsAreReported() {
    assertThrows(IllegalArgumentException.class, () -> PromQlMetricNames.of("sum by (namespace x"));
  }
}
