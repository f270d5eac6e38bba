package dev.vertxelastic.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The chart under test, rendered offline by helm-java (a real Helm 3 library) as release
 * {@value #RELEASE} in namespace {@value #NAMESPACE}. Renders are cached per variant.
 */
final class Chart {

  static final String RELEASE = "demo";
  static final String NAMESPACE = "vertx-elastic";
  /** Helm's offline default (v1.20) is below the chart's kubeVersion; render for a current cluster. */
  static final String KUBE_VERSION = "v1.31.0";
  /** Values files under src/test/resources/variants/, next to the chart's defaults. */
  static final List<String> VARIANTS = List.of(
      "defaults", "autoscaling-off", "external-database", "ingress-on", "custom-resources", "service-monitor-on",
      "monitoring-on", "gitops", "scheduling");

  private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

  private Chart() {
  }

  static Path directory() {
    return Path.of(System.getProperty("chart.dir", "vertx-elastic")).toAbsolutePath().normalize();
  }

  static LintResult lintStrict() {
    return new Helm(directory()).lint().strict().call();
  }

  /**
   * A variant's objects, hooks included; "defaults" renders the chart's own values.yaml alone.
   * helm-java's template leaves hooks out (the CLI prints them), so this renders a copy of the chart
   * whose hook annotation is renamed to {@value #HOOK_UNDER_TEST}: the `helm test` Pod is checked too.
   */
  static Manifests render(String variant) {
    return RENDERED.computeIfAbsent(variant, v -> Manifests.parse(template(hooksAsObjects(), v, Map.of())));
  }

  static final String HOOK_UNDER_TEST = "vertx-elastic.dev/helm-hook-under-test";

  /** The raw `helm template` output of a variant with extra `--set` values. */
  static String template(String variant, Map<String, String> sets) {
    return template(directory(), RELEASE, KUBE_VERSION, variant, sets);
  }

  /** The raw `helm template` output as another release, or for another Kubernetes version. */
  static String template(String release, String kubeVersion, String variant, Map<String, String> sets) {
    return template(directory(), release, kubeVersion, variant, sets);
  }

  private static String template(Path chart, String variant, Map<String, String> sets) {
    return template(chart, RELEASE, KUBE_VERSION, variant, sets);
  }

  private static String template(Path chart, String release, String kubeVersion, String variant, Map<String, String> sets) {
    FakeKubernetesApi.get();
    TemplateCommand command = new Helm(chart).template().withName(release).withNamespace(NAMESPACE)
        .withKubeVersion(kubeVersion);
    if (!"defaults".equals(variant)) {
      command = command.withValuesFile(variantFile(variant));
    }
    for (Map.Entry<String, String> set : sets.entrySet()) {
      command = command.set(set.getKey(), set.getValue());
    }
    return command.call();
  }

  private static Path hooksCopy;

  private static synchronized Path hooksAsObjects() {
    if (hooksCopy != null) {
      return hooksCopy;
    }
    Path copy = Path.of(System.getProperty("chart.copy.dir", "target/chart-hooks-as-objects")).toAbsolutePath();
    try {
      if (Files.exists(copy)) {
        try (Stream<Path> old = Files.walk(copy)) {
          old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      try (Stream<Path> files = Files.walk(directory())) {
        for (Path source : files.toList()) {
          Path target = copy.resolve(directory().relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.writeString(target, Files.readString(source).replace("helm.sh/hook:", HOOK_UNDER_TEST + ":"));
          }
        }
      }
      hooksCopy = copy;
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** NOTES.txt as `helm install` prints it (a client-only dry run). */
  static String notes(String variant) {
    FakeKubernetesApi.get();
    var install = new Helm(directory()).install().withName(RELEASE).withNamespace(NAMESPACE)
        .withKubeVersion(KUBE_VERSION).clientOnly().dryRun();
    if (!"defaults".equals(variant)) {
      install = install.withValuesFile(variantFile(variant));
    }
    String output = install.call().getOutput();
    int notes = output.indexOf("NOTES:");
    if (notes < 0) {
      throw new AssertionError("helm install printed no NOTES:\n" + output);
    }
    return output.substring(notes);
  }

  static Path variantFile(String variant) {
    try {
      var url = Chart.class.getResource("/variants/" + variant + ".yaml");
      if (url == null) {
        throw new IllegalArgumentException("no values variant " + variant + " under src/test/resources/variants/");
      }
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String componentName(String component) {
    return RELEASE + "-vertx-elastic-" + component;
  }
}
