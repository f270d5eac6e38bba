package dev.vertxelastic.helm;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitoringAddonsTest {

  @Test
  void k8sAddonsRulesAndDashboardMatchTheChartWithDefaultValues() throws IOException {
    if (Boolean.getBoolean("helm.regenerate")) {
      MonitoringAddons.write();
    }
    for (Map.Entry<String, String> file : MonitoringAddons.expected().entrySet()) {
      Path path = MonitoringAddons.directory().resolve(file.getKey());
      if (!Files.exists(path)) {
        fail(path + " is missing; generate it with: " + RenderedManifests.REGENERATE);
      }
      String actual = Files.readString(path, StandardCharsets.UTF_8);
      if (!file.getValue().equals(actual)) {
        fail(path + " differs from the chart (" + RenderedManifestsTest.firstDifference(file.getValue(), actual)
            + "); regenerate it with: " + RenderedManifests.REGENERATE);
      }
    }
  }
}
