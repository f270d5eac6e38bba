package dev.vertxelastic.helm;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderedManifestsTest {

  @Test
  void k8sRenderedMatchesTheChartWithDefaultValues() throws IOException {
    if (Boolean.getBoolean("helm.regenerate")) {
      RenderedManifests.write();
    }
    String expected = RenderedManifests.expected();
    assertTrue(Files.exists(RenderedManifests.file()),
        () -> RenderedManifests.file() + " is missing; generate it with: " + RenderedManifests.REGENERATE);
    String actual = Files.readString(RenderedManifests.file(), StandardCharsets.UTF_8);

    if (!expected.equals(actual)) {
      fail(RenderedManifests.file() + " differs from the chart (" + firstDifference(expected, actual)
          + "); regenerate it with: " + RenderedManifests.REGENERATE);
    }
  }

  static String firstDifference(String expected, String actual) {
    List<String> want = expected.lines().toList();
    List<String> have = actual.lines().toList();
    for (int i = 0; i < Math.max(want.size(), have.size()); i++) {
      String w = i < want.size() ? want.get(i) : "<end of file>";
      String h = i < have.size() ? have.get(i) : "<end of file>";
      if (!w.equals(h)) {
        return "first difference at line " + (i + 1) + ": chart renders [" + w + "], file has [" + h + "]";
      }
    }
    return "line endings differ";
  }
}
